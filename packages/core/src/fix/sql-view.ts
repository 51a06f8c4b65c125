/**
 * The statement a query event runs, as tokens that know where they stand in source: what the SQL
 * rewrites read (clauses, placeholders) and where they insert text.
 */
import type { SqlPiece } from '../model.js';
import { prepareSql, sourceOffsetAt, type SqlToken } from '../sql/standins.js';
import { isKw, isOp, matchParens, splitStatements } from '../sql/tokens.js';
import type { StatementKind } from '../sql/facts.js';
import { readShape } from '../sql/shape.js';

export interface ViewToken {
  token: SqlToken;
  /** Source offsets of what the token stands for (a hole's whole expression). */
  srcStart: number;
  srcEnd: number;
  /** The token's text stands character for character in source at `srcStart`. */
  verbatim: boolean;
}

export interface StatementView {
  tokens: ViewToken[];
  /** Index of the matching `)` for each `(`, -1 elsewhere. */
  parens: number[];
}

const DATA_KINDS = new Set<StatementKind>(['select', 'insert', 'update', 'delete', 'upsert', 'lock']);

/**
 * The data statement of the pieces (the one `readSql` describes), or undefined when there is none.
 * `source` is the file's text: a token is verbatim only when source really holds its text there
 * (escape sequences in a literal break the character-for-character map; such tokens are not edited).
 */
export function statementView(pieces: readonly SqlPiece[], source: string): StatementView | undefined {
  const prepared = prepareSql(pieces);
  const statements = splitStatements(prepared.tokens);
  const index = statements.findIndex((s) => DATA_KINDS.has(readShape(s).kind));
  if (index < 0) return undefined;
  const tokens = statements[index].map((token): ViewToken => {
    const srcStart = sourceOffsetAt(prepared, token.outStart, 'right');
    const srcEnd = sourceOffsetAt(prepared, token.outEnd, 'left');
    const verbatim = token.type !== 'hole' && !token.parts && source.slice(srcStart, srcEnd) === token.text;
    return { token, srcStart, srcEnd, verbatim };
  });
  return { tokens, parens: matchParens(tokens.map((t) => t.token)) };
}

/** Index of the first top-level keyword (not inside parentheses) among `words`, from `from`; -1 when absent. */
export function topLevelKeyword(view: StatementView, words: readonly string[], from = 0, to = view.tokens.length): number {
  for (let i = from; i < to; i++) {
    const t = view.tokens[i].token;
    if (isOp(t, '(')) {
      i = view.parens[i];
      continue;
    }
    if (isKw(t, ...words)) return i;
  }
  return -1;
}

/** Placeholder tokens (`?`, `$1`, `:name`, `%s`) in order, with their token indexes. */
export function placeholders(view: StatementView): { index: number; text: string }[] {
  return view.tokens.flatMap((t, index) => (t.token.type === 'param' && t.token.role === 'value' ? [{ index, text: t.token.text }] : []));
}

export function isKeyword(t: ViewToken | undefined, ...words: string[]): boolean {
  return isKw(t?.token, ...words);
}

export function isOperator(t: ViewToken | undefined, ...ops: string[]): boolean {
  return isOp(t?.token, ...ops);
}
