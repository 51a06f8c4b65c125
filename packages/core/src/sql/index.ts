/**
 * SQL understanding: SQL text (or pieces assembled from source) → SqlFacts.
 * See read.ts for the pipeline, standins.ts for holes and placeholders, conditional.ts for what makes a
 * write conditional, looks-like.ts for the string-literal test.
 */
import type { SqlPiece } from '../model.js';

export type { SqlFacts, StatementKind, LockingClause, UpsertForm, RelativeSet } from './facts.js';
export { readSql, statementEndOffset, type ReadSqlOptions } from './read.js';
export { looksLikeSql } from './looks-like.js';
export { prepareSql, sourceOffsetAt, type PreparedSql } from './standins.js';
export { isKeyColumn } from './conditional.js';

/** The pieces as one string, each hole shown as `?`. */
export function piecesToText(pieces: readonly SqlPiece[] | string): string {
  if (typeof pieces === 'string') return pieces;
  return pieces.map((p) => (p.kind === 'text' ? p.text : '?')).join('');
}
