/**
 * Flat statements: those the token reader (tolerant.ts) reads exactly as the grammars do, so reading
 * them skips node-sql-parser (which otherwise costs more than the rest of the analysis together).
 *
 * A statement is flat when it has no subquery, no set operation (UNION …), no CTE, no CASE, no
 * INTERVAL or window, and its parentheses hold only lists of names and values: `VALUES (?, ?)`,
 * `(col_a, col_b)`, `IN (1, 2)`, `COUNT(*)`, `VALUES (?, NOW())`, `GREATEST(qty, 0)`. Anything else
 * (`CAST(x AS …)`, `TIMESTAMPADD(HOUR, …)`, `ON (a = b AND …)`, `(a + 1)`) goes to the grammars.
 * test/sql-read.test.ts holds both readers to the same facts on every flat statement of its corpus;
 * the benchmark corpus and a large real PHP application agree too (docs/guides/performance.md).
 */
import type { SqlToken } from './standins.js';

/** Words that make a statement not flat wherever they stand. */
const NOT_FLAT = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'WITH', 'RECURSIVE', 'CASE', 'EXISTS', 'INTERVAL', 'LATERAL', 'OVER', 'WINDOW']);
/** Operators allowed inside parentheses: list punctuation, qualified names, `COUNT(*)`. */
const LIST_OPS = new Set([',', '.', '*']);

/** True when the statement (its tokens, `head` the index of its first keyword) is flat. */
export function isFlat(ts: readonly SqlToken[], head: number): boolean {
  let depth = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t.type === 'op') {
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (--depth < 0) return false;
      } else if (depth > 0 && !LIST_OPS.has(t.text)) return false;
      continue;
    }
    if (t.type !== 'word') continue;
    if (t.parts) {
      if (depth > 0 && !isListItem(ts, i)) return false;
      continue;
    }
    if (NOT_FLAT.has(t.upper) || (t.upper === 'SELECT' && i !== head)) return false;
    if (depth > 0 && !isListItem(ts, i)) return false;
  }
  return depth === 0;
}

/** A word inside parentheses that stands as a list item or part of a qualified name, not a keyword or a call. */
function isListItem(ts: readonly SqlToken[], i: number): boolean {
  const next = ts[i + 1];
  const prev = ts[i - 1];
  // `NOW()` or `LOWER(email)` as an item: a call, its arguments checked as items in turn
  const endsItem = next === undefined || (next.type === 'op' && (next.text === ',' || next.text === ')' || next.text === '.' || next.text === '('));
  const startsItem = prev !== undefined && prev.type === 'op' && (prev.text === ',' || prev.text === '(' || prev.text === '.');
  return endsItem && startsItem && !DATE_UNITS.has(ts[i].upper);
}

/** Keywords that stand alone as list items in MySQL date functions (`TIMESTAMPADD(HOUR, 1, t)`). */
const DATE_UNITS = new Set(['MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);
