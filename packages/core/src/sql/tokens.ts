/** Small helpers over stand-in token streams, shared by the shape, tolerant and normalising readers. */
import type { SqlToken } from './standins.js';

/** True when `t` is the bare keyword (one of) `words` (upper-case). Words built with holes never match. */
export function isKw(t: SqlToken | undefined, ...words: string[]): boolean {
  return t !== undefined && t.type === 'word' && !t.parts && words.includes(t.upper);
}

export function isOp(t: SqlToken | undefined, ...ops: string[]): boolean {
  return t !== undefined && t.type === 'op' && ops.includes(t.text);
}

/**
 * For each `(` the index of its matching `)` (or the end of the stream when unbalanced); -1 elsewhere.
 * Unmatched `)` are ignored.
 */
export function matchParens(ts: readonly SqlToken[]): number[] {
  const match = new Array<number>(ts.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < ts.length; i++) {
    if (isOp(ts[i], '(')) stack.push(i);
    else if (isOp(ts[i], ')') && stack.length) match[stack.pop() as number] = i;
  }
  for (const open of stack) match[open] = ts.length;
  return match;
}

/** Splits a token stream into statements at top-level `;` (empty statements dropped). */
export function splitStatements(ts: readonly SqlToken[]): SqlToken[][] {
  const out: SqlToken[][] = [];
  let depth = 0;
  let cur: SqlToken[] = [];
  for (const t of ts) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth = Math.max(0, depth - 1);
    if (depth === 0 && isOp(t, ';')) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

const AGGREGATES = new Set(['MAX', 'MIN', 'COUNT', 'SUM', 'AVG']);

/**
 * True when a SELECT's column list (top level, before FROM) computes an aggregate such as
 * `MAX(invoice_no)` or `COUNT(*)`: a value for a new row or a limit, rather than rows to copy.
 */
export function selectsAggregate(ts: readonly SqlToken[], head: number): boolean {
  if (!isKw(ts[head], 'SELECT')) return false;
  let depth = 0;
  for (let i = head + 1; i < ts.length; i++) {
    const t = ts[i];
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && isKw(t, 'FROM')) return false;
    else if (depth === 0 && t.type === 'word' && !t.parts && AGGREGATES.has(t.upper) && isOp(ts[i + 1], '(')) return true;
  }
  return false;
}
