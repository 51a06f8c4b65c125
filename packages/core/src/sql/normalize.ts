/**
 * The `normalized` form of a statement, for messages and fingerprints: comments dropped, whitespace
 * collapsed (none inside parentheses or before commas, one after commas), keywords upper-cased,
 * identifiers, literals and placeholders as written, table-prefix holes removed (`posts` for
 * `{$wpdb->prefix}posts`), holes in value position shown as `?`, a hole naming a table shown as written.
 */
import type { SqlToken } from './standins.js';
import { isOp } from './tokens.js';

const KEYWORDS = new Set(
  (
    'SELECT FROM WHERE AND OR NOT XOR IN IS NULL LIKE ILIKE BETWEEN EXISTS INSERT INTO VALUES VALUE UPDATE SET DELETE REPLACE IGNORE ' +
    'ON DUPLICATE KEY CONFLICT DO NOTHING CONSTRAINT JOIN LEFT RIGHT INNER OUTER CROSS FULL NATURAL STRAIGHT_JOIN USING AS GROUP BY ' +
    'ORDER HAVING LIMIT OFFSET ASC DESC DISTINCT UNION ALL ANY SOME INTERSECT EXCEPT FOR SHARE NO NOWAIT SKIP LOCKED LOCK UNLOCK MODE OF ' +
    'BEGIN START TRANSACTION WORK COMMIT ROLLBACK ABORT SAVEPOINT RELEASE TO ISOLATION LEVEL READ WRITE ONLY COMMITTED UNCOMMITTED ' +
    'REPEATABLE SERIALIZABLE SESSION GLOBAL CHARACTERISTICS TABLE TABLES WITH RECURSIVE MATERIALIZED RETURNING CASE WHEN THEN ELSE END ' +
    'TRUE FALSE INTERVAL DEFERRED IMMEDIATE EXCLUSIVE LOW_PRIORITY HIGH_PRIORITY DELAYED QUICK DEFAULT ESCAPE COLLATE OVER PARTITION ' +
    'WINDOW FETCH FIRST NEXT ROWS LATERAL CONSISTENT SNAPSHOT CHAIN EXCLUDED DUAL'
  ).split(' '),
);

const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>']);

export function normalizeTokens(ts: readonly SqlToken[]): string {
  let out = '';
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const prev = ts[i - 1];
    let text = t.display;
    if (t.type === 'word' && !t.parts && KEYWORDS.has(t.upper)) {
      const next = ts[i + 1];
      const columnLike = isOp(prev, '.') || isOp(next, '.') || (next !== undefined && next.type === 'op' && COMPARISON.has(next.text) && !['END', 'NULL', 'TRUE', 'FALSE'].includes(t.upper));
      if (!columnLike) text = t.upper;
    }
    if (prev) {
      const tight =
        isOp(prev, '(', '.', '::') ||
        isOp(t, ')', ',', '.', '::', ';') ||
        (isOp(t, '(') && !t.space && prev.type !== 'op');
      if (isOp(prev, ',')) out += ' ';
      else if (!tight && (t.space || needsSpace(prev, t))) out += ' ';
    }
    out += text;
  }
  return out;
}

/** Two tokens that were glued in source but must stay apart once rewritten (a dropped prefix hole, say). */
function needsSpace(a: SqlToken, b: SqlToken): boolean {
  const wordy = (t: SqlToken) => t.type !== 'op';
  return wordy(a) && wordy(b);
}
