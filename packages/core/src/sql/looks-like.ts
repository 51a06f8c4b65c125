/**
 * `looksLikeSql`: a cheap test frontends use to decide whether an arbitrary string literal is SQL.
 * It must say no to interface text ("Update your profile", "Select a file from your computer",
 * "Delete from the list.") and yes to statements and to the statement fragments real code glues
 * together (`"SELECT * FROM " . DB_PREFIX . "product"` arrives as `SELECT * FROM ?product`).
 *
 * Rules, after leading whitespace, `(` and comments:
 * - SELECT needs `FROM` after a select list, or is `SELECT <function>(`, `SELECT <number>`,
 *   `SELECT @…`, `SELECT *`, `SELECT ?`/`:p`;
 * - INSERT / REPLACE need `INTO` or `VALUES`; UPDATE needs `SET … =`; DELETE needs `FROM`;
 * - WITH needs `name [(…)] AS (`;
 * - transaction statements (BEGIN, START TRANSACTION, COMMIT, ROLLBACK, END, SAVEPOINT, RELEASE,
 *   SET [SESSION] TRANSACTION …, SET autocommit, LOCK/UNLOCK TABLE(S)) must be the whole text (a
 *   trailing `;` allowed), written in upper or lower case, not Title case ("Begin" is a button);
 * - in every case: no sentence punctuation at the end (`.`, `!`, `…`), and none of the English words
 *   "the", "your", "you", "please", "our", "my", "this" outside quotes.
 */

const LEADING = /^(?:\s+|\(|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const ENGLISH = /\b(?:the|your|you|please|our|my|this)\b/i;
const SENTENCE_END = /[.!…]\s*$/;
const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g;

const LEVEL = 'isolation\\s+level\\s+(?:serializable|repeatable\\s+read|read\\s+committed|read\\s+uncommitted)';
const TX_MODES = `(?:(?:\\s*,\\s*|\\s+)(?:${LEVEL}|read\\s+write|read\\s+only|with\\s+consistent\\s+snapshot|not\\s+deferrable|deferrable))*`;

const TX_STATEMENT = new RegExp(
  '^(?:' +
    [
      `begin(?:\\s+(?:work|transaction|tran|deferred|immediate|exclusive)(?:\\s+transaction)?)?${TX_MODES}`,
      `start\\s+transaction${TX_MODES}`,
      '(?:commit|end)(?:\\s+(?:work|transaction))?',
      'rollback(?:\\s+(?:work|transaction))?(?:\\s+to\\s+(?:savepoint\\s+)?\\w+)?',
      'savepoint\\s+\\w+',
      'release\\s+(?:savepoint\\s+)?\\w+',
      `set\\s+(?:(?:session|global|local)\\s+)?(?:transaction|characteristics\\s+as\\s+transaction)${TX_MODES}`,
      "set\\s+(?:(?:session|global|local)\\s+)?@{0,2}(?:autocommit|(?:session\\.)?(?:transaction_isolation|tx_isolation|default_transaction_isolation))\\s*(?:=|to)\\s*['\"\\w-]+",
      'lock\\s+tables?\\s+[\\s\\S]+',
      'unlock\\s+tables',
    ].join('|') +
    ')(?:\\s*;)?\\s*$',
  'i',
);

export function looksLikeSql(text: string): boolean {
  if (typeof text !== 'string' || text.length < 5) return false;
  const body = text.slice(LEADING.exec(text)?.[0].length ?? 0);
  const word = /^[A-Za-z]+/.exec(body)?.[0];
  if (!word) return false;
  const kw = word.toUpperCase();
  const bare = body.replace(QUOTED, "''");
  if (SENTENCE_END.test(bare) || ENGLISH.test(bare)) return false;
  switch (kw) {
    case 'SELECT':
      return /^select\b\s*(?!from\b)\S[\s\S]*?\bfrom\b/i.test(bare) || /^select\s+(?:distinct\s+)?(?:[\w.]+\s*\(|[\d'*?:@$-])/i.test(bare);
    case 'INSERT':
    case 'REPLACE':
      return /^(?:insert|replace)\b[\s\w]*?\b(?:into|values)\b/i.test(bare);
    case 'UPDATE':
      return /^update\s[\s\S]*?\bset\s[\s\S]*?=/i.test(bare);
    case 'DELETE':
      return /^delete\s(?:[\s\S]*?\s)?from\s/i.test(bare + ' ');
    case 'WITH':
      return /^with\s+(?:recursive\s+)?[\w"`]+\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s*)?\(/i.test(bare);
    default:
      if (word !== word.toUpperCase() && word !== word.toLowerCase()) return false;
      return TX_STATEMENT.test(bare);
  }
}
