/**
 * A Semgrep-style literal prefilter: cheap text tests that tell, before any parsing, whether a file can
 * matter to the analysis.
 *
 * `hasSqlSignals(text)` is true for every file from which a frontend can produce a query, transaction or
 * lock event (or a transaction-callback unit): SQL statement keywords in the shapes `looksLikeSql`
 * accepts, transaction calls (`beginTransaction`, `commit`, `DB::transaction(`, `db.tx(`), PHP's
 * synthesised writes (`$wpdb->update(`), and the call names a project configures. It over-approximates
 * on purpose (comments and prose count); a false "no" would lose findings, a false "yes" only costs a
 * parse. Known blind spots, all far-fetched in real code: a keyword spelt with escapes (`"\x53ELECT"`),
 * a keyword split across two concatenated literals (`"SEL" . "ECT …"`), and a bare `END` statement
 * in a heredoc.
 *
 * `definedNames(text, lang)` lists, lower-cased, every name the file may define a function or method
 * under (also over-approximated: a `name(…) {` shape, `name = (…) =>`, `name:`, `function name`), and
 * `calledNames(text, lang)` every name it may call. A file with no SQL signals matters only when it
 * defines a name some analysed code calls, or defines and calls the name of an analysed helper; the
 * CLI uses these to pull such files in (packages/cli/src/pool/relevance.ts).
 */
import type { Lang } from './model.js';

/** The part of the project settings the prefilter reads: the configured call patterns. */
export interface CallNameSettings {
  queryFunctions?: readonly (string | { call: string })[];
  transactionFunctions?: {
    begin?: readonly (string | { call: string })[];
    commit?: readonly string[];
    rollback?: readonly string[];
    callback?: readonly (string | { call: string })[];
  };
}

/*
 * The test runs at memory speed: the text is lower-cased once, each keyword is found with indexOf, and
 * only its occurrences are checked against the shape around them (sticky regular expressions run at
 * that position). One alternation over the whole text is several times slower.
 */

/** Whitespace in SQL text as written in source: real whitespace or an escape (`\n`, `\t`, `\r`). */
const W = String.raw`(?:\s|\\[nrtvf])`;
const sticky = (source: string) => new RegExp(source, 'y');

const REPLACE = sticky(`replace${W}+(?:[a-z_]+${W}+)*?(?:into|values)\\b`);
const WITH = sticky(`with${W}+(?:recursive${W}+)?[\\w"\`]+${W}*(?:\\([^)]*\\)${W}*)?as${W}*(?:not${W}+)?(?:materialized${W}*)?\\(`);
const START = sticky(`start${W}+transaction\\b`);
const RELEASE = sticky(`release${W}+\\w`);
const SET = sticky(
  `set${W}+(?:(?:session|global|local)${W}+)?(?:transaction|characteristics|@{0,2}(?:autocommit|session\\.|transaction_isolation|tx_isolation|default_transaction_isolation))`,
);
const LOCK = sticky(`lock${W}+tables?\\b`);
/** `END` is a statement only as a whole literal, never shorter than 5 characters (so padded). */
const END = sticky(`['"\`](?=[^'"\`\\n]{5})(?:${W}|\\()*end(?:${W}+(?:work|transaction))?${W}*;?${W}*['"\`]`);
const TRANS = sticky('trans_?(?:begin|start|commit|complete|rollback)\\b');
const CALL_AFTER = sticky('\\s*[(<]');
const PAREN_AFTER = sticky('\\s*\\(');
const TX_PREFIX = /(?:begin|start|commit|rollback)_?$|wrapin$/;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128 || (c >= 65 && c <= 90);
}

/** A keyword may start after a non-word character, or right after an escape such as `\n` or `\t`. */
function startsWord(t: string, i: number): boolean {
  if (i === 0 || !isWordChar(t.charCodeAt(i - 1))) return true;
  const c = t.charCodeAt(i - 1);
  return i >= 2 && t.charCodeAt(i - 2) === 92 && c >= 97 && c <= 122;
}

/** `\b` after a keyword (`$` counts as a boundary there, as in a regular expression). */
function endsWord(t: string, j: number): boolean {
  if (j >= t.length) return true;
  const c = t.charCodeAt(j);
  return !((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90));
}

function at(re: RegExp, t: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(t);
}

/** True when `check` holds at some occurrence of `word` in `t`. */
function some(t: string, word: string, check: (i: number) => boolean, from = 0): boolean {
  for (let i = t.indexOf(word, from); i >= 0; i = t.indexOf(word, i + 1)) if (check(i)) return true;
  return false;
}

const word = (t: string, kw: string) => (i: number) => startsWord(t, i) && endsWord(t, i + kw.length);

/** PHP's synthesised writes: `$wpdb->update($table, …)`, `$this->db->delete('t', …)`. */
function phpSynthAt(t: string, i: number, kw: string): boolean {
  let k = i - 1;
  while (k >= 0 && /\s/.test(t[k])) k--;
  return t[k] === '>' && t[k - 1] === '-' && at(PAREN_AFTER, t, i + kw.length);
}

/** Lower-cased source text → SQL signals (see the module comment). */
function signalsIn(t: string, lang: Lang): boolean {
  for (const kw of ['select', 'insert', 'begin', 'savepoint']) if (some(t, kw, word(t, kw))) return true;
  // commit/rollback also as `mysqli_commit`; autocommit anywhere.
  for (const kw of ['commit', 'rollback']) {
    if (some(t, kw, (i) => (startsWord(t, i) || t[i - 1] === '_') && endsWord(t, i + kw.length))) return true;
  }
  if (t.includes('autocommit')) return true;
  const tx = (i: number) =>
    TX_PREFIX.test(t.slice(Math.max(0, i - 9), i)) ||
    t.startsWith('transactional', i) ||
    (startsWord(t, i) && at(CALL_AFTER, t, i + 'transaction'.length));
  if (some(t, 'transaction', tx)) return true;
  if (some(t, 'trans', (i) => at(TRANS, t, i))) return true;
  if (some(t, 'tx', (i) => startsWord(t, i) && at(CALL_AFTER, t, i + 2))) return true;
  if (some(t, 'replace', (i) => startsWord(t, i) && (at(REPLACE, t, i) || (lang === 'php' && phpSynthAt(t, i, 'replace'))))) return true;
  if (some(t, 'with', (i) => startsWord(t, i) && at(WITH, t, i))) return true;
  if (some(t, 'start', (i) => startsWord(t, i) && at(START, t, i))) return true;
  if (some(t, 'release', (i) => startsWord(t, i) && at(RELEASE, t, i))) return true;
  if (some(t, 'set', (i) => startsWord(t, i) && at(SET, t, i))) return true;
  if (some(t, 'lock', (i) => (startsWord(t, i) || (t.startsWith('un', i - 2) && startsWord(t, i - 2))) && at(LOCK, t, i))) return true;
  // UPDATE needs SET after it, DELETE needs FROM after it (looks-like.ts); PHP also writes through methods.
  for (const [kw, then] of [
    ['update', 'set'],
    ['delete', 'from'],
  ] as const) {
    let first = -1;
    const found = some(t, kw, (i) => {
      if (!word(t, kw)(i)) return false;
      if (lang === 'php' && phpSynthAt(t, i, kw)) return true;
      if (first < 0) first = i;
      return false;
    });
    if (found || (first >= 0 && some(t, then, word(t, then), first))) return true;
  }
  return some(t, 'end', (i) => {
    let q = i - 1;
    while (q >= 0 && (/\s|\(/.test(t[q]) || (t[q - 1] === '\\' && /[nrtvf]/.test(t[q])))) q -= /\s|\(/.test(t[q]) ? 1 : 2;
    return q >= 0 && (t[q] === "'" || t[q] === '"' || t[q] === '`') && at(END, t, q);
  });
}

/** The bare names of the calls a project configures (query wrappers, transaction functions). */
export function configuredCallNames(settings: CallNameSettings | undefined): string[] {
  if (!settings) return [];
  const tx = settings.transactionFunctions ?? {};
  const patterns = [
    ...(settings.queryFunctions ?? []).map((e) => (typeof e === 'string' ? e : e.call)),
    ...(tx.begin ?? []).map((e) => (typeof e === 'string' ? e : e.call)),
    ...(tx.commit ?? []),
    ...(tx.rollback ?? []),
    ...(tx.callback ?? []).map((e) => (typeof e === 'string' ? e : e.call)),
  ];
  const names = new Set<string>();
  for (const p of patterns) {
    const name = /([A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)\s*$/.exec(p)?.[1];
    if (name) names.add(name);
  }
  return [...names].sort();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A compiled prefilter for one set of configured call names. */
export class Prefilter {
  private readonly configured?: RegExp;

  constructor(settings?: CallNameSettings) {
    const names = configuredCallNames(settings);
    if (names.length) this.configured = new RegExp(`(?<![\\w$])(?:${names.map(escapeRegExp).join('|')})(?![\\w$])`, 'i');
  }

  /** True when the text may hold SQL, a transaction or a configured call (see the module comment). */
  hasSqlSignals(text: string, lang: Lang): boolean {
    return signalsIn(text.toLowerCase(), lang) || !!this.configured?.test(text);
  }
}

const plain = new Prefilter();

/** `Prefilter.hasSqlSignals` without configured call names. */
export function hasSqlSignals(text: string, lang: Lang): boolean {
  return plain.hasSqlSignals(text, lang);
}

const PHP_FUNCTION = /\bfunction\s*&?\s*([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)\s*\(/gi;
/** `$name = function`, `$this->name = fn`, `self::$name = static function`, `$name = (function …)`. */
const PHP_CLOSURE = /(?:\$|->|::\$?)\s*([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)\s*=\s*(?:\(\s*)?(?:static\s+)?(?:function|fn)\b/gi;

const TS_IDENT = String.raw`#?[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*`;
const TS_FUNCTION = new RegExp(String.raw`\bfunction\s*\*?\s*(${TS_IDENT})`, 'g');
/** A name not reached through `.`, followed by what may start a definition: `(`, `<`, `?`, `:` or `=`. */
const TS_NAME = new RegExp(String.raw`(?<![\w$#.\u0080-\uffff])(${TS_IDENT})\s*(?=[(<?:=])`, 'g');
/** `obj.name =`, `Foo.prototype.name =`, `exports.name =`. */
const TS_MEMBER_ASSIGN = new RegExp(String.raw`\.\s*(${TS_IDENT})\s*=(?![=>])`, 'g');
/** `'name': …`, `'name'(…) {`, `obj['name'] =`. */
const TS_QUOTED = /(['"])([^'"\\\n]{1,200})\1\s*(?:\]\s*=(?![=>])|[:(])/g;
/**
 * What a function value assigned with `=` starts with (after `(`/`<T>` wrappers): function, async, `(`,
 * `<`, `x =>`, or better-sqlite3's `db.transaction(`.
 */
const TS_FUNCTION_VALUE = /^\s*(?:function\b|async\b|\(|<|[A-Za-z_$][\w$]*\s*=>|[\w$.]+\.transaction\s*\()/;
const PAREN_SCAN_LIMIT = 20_000;

/** Names the file may define a function, method or closure under, lower-cased. */
export function definedNames(text: string, lang: Lang): Set<string> {
  const names = new Set<string>();
  const add = (name: string | undefined) => {
    if (name) names.add(name.toLowerCase());
  };
  if (lang === 'php') {
    for (const m of text.matchAll(PHP_FUNCTION)) add(m[1]);
    for (const m of text.matchAll(PHP_CLOSURE)) add(m[1]);
    return names;
  }
  for (const m of text.matchAll(TS_FUNCTION)) add(m[1]);
  for (const m of text.matchAll(TS_QUOTED)) add(m[2]);
  for (const m of text.matchAll(TS_MEMBER_ASSIGN)) {
    if (TS_FUNCTION_VALUE.test(text.slice(m.index + m[0].length, m.index + m[0].length + 200))) add(m[1]);
  }
  for (const m of text.matchAll(TS_NAME)) {
    const after = m.index + m[0].length;
    if (tsDefinitionAt(text, after)) add(m[1]);
  }
  return names;
}

/** A name before `(`; group 1 is set when `function` precedes it (a definition, not a call). */
const PHP_CALL = /(\bfunction\s*&?\s*)?(?<![\w$\u0080-\uffff])([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)\s*\(/g;
const TS_CALL = new RegExp(String.raw`(?<![\w$#\u0080-\uffff])(${TS_IDENT})\s*(?:<[^<>()]*>\s*)?[(\`]`, 'g');

/**
 * Names the text calls (lower-cased): a name before `(` (TS: also before type arguments or a template),
 * PHP function definitions excepted. TS method definitions count too: the test errs on the side of yes.
 */
export function calledNames(text: string, lang: Lang): Set<string> {
  const names = new Set<string>();
  if (lang === 'php') {
    for (const m of text.matchAll(PHP_CALL)) if (m[1] === undefined) names.add(m[2].toLowerCase());
  } else {
    for (const m of text.matchAll(TS_CALL)) names.add(m[1].toLowerCase());
  }
  return names;
}

/** After `name` and spaces: does a definition plausibly follow? Errs on the side of yes. */
function tsDefinitionAt(text: string, at: number): boolean {
  const c = text[at];
  if (c === ':') return text[at + 1] !== ':';
  if (c === '?') return text[at + 1] !== '?' && text[at + 1] !== '.';
  if (c === '=') {
    const next = text[at + 1];
    if (next === '=' || next === '>') return false;
    return TS_FUNCTION_VALUE.test(text.slice(at + 1, at + 201));
  }
  // `name(…)` or `name<…>(…)`: a method when the parameter list is followed by a body or a return type.
  let i = at;
  if (c === '<') {
    i = skipBalanced(text, i, '<', '>');
    if (i < 0) return true;
    while (i < text.length && /\s/.test(text[i])) i++;
    // Not `<T>(`: a comparison, or type parameters this scan cannot follow (`<T extends () => void>`).
    if (text[i] !== '(') return true;
  }
  const end = skipBalanced(text, i, '(', ')');
  if (end < 0) return true;
  let j = end;
  while (j < text.length && /\s/.test(text[j])) j++;
  return text[j] === '{' || text[j] === ':' || j >= text.length;
}

/** Index just past the bracket matching the one at `from` (strings are not understood); -1 when not found soon. */
function skipBalanced(text: string, from: number, open: string, close: string): number {
  let depth = 0;
  const limit = Math.min(text.length, from + PAREN_SCAN_LIMIT);
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i + 1;
  }
  return -1;
}
