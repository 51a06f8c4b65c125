/**
 * The language-neutral half of reading guards and spans, shared by the frontends' fix hosts
 * (lang-ts/src/fix, lang-php/src/fix): what a comparison means once its operands are classified, and
 * where a run of statements from a read to its writes stands.
 */
import type { CompareOp, GuardTerm } from './host.js';

/** `a <op> b` written as `b <flipped> a`. */
export const FLIPPED: Readonly<Record<CompareOp, CompareOp>> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
/** `!(a <op> b)` as `a <negated> b`. */
export const NEGATED: Readonly<Record<CompareOp, CompareOp>> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** The term `!term` is. */
export function negateTerm(t: GuardTerm): GuardTerm {
  switch (t.kind) {
    case 'presence':
      return { kind: 'presence', found: !t.found };
    case 'null':
      return { ...t, isNull: !t.isNull };
    case 'compare':
      return { ...t, op: NEGATED[t.op] };
    default:
      return t;
  }
}

/** `count <op> n` as a test of whether the read found a row (`> 0`, `=== 0`, `< 1` …); opaque otherwise. */
export function countTerm(op: CompareOp, n: number): GuardTerm {
  const found: Record<string, boolean | undefined> = { '>0': true, '>=1': true, '<>0': true, '=0': false, '<1': false, '<=0': false };
  const f = found[`${op}${n}`];
  return f === undefined ? { kind: 'opaque' } : { kind: 'presence', found: f };
}

/** Source lines after the first without the indentation `base` (a guard's exit statements, re-indented where they are copied). */
export function dedent(text: string, base: string): string {
  return text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(base) ? line.slice(base.length) : line))
    .join('\n');
}

/** A statement in a statement list, as the hosts' trees give it. */
export interface ListedAt {
  list: unknown;
  index: number;
}

/**
 * The innermost statement list holding an ancestor of the read and of every write, and the span's ends:
 * `chainOf(node)` lists the statement-list ancestors of a node, innermost first.
 */
export function commonSpan<N, S extends ListedAt>(chainOf: (n: N) => S[], read: N, writes: readonly N[]): { list: S; start: number; end: number } | undefined {
  const writeChains = writes.map(chainOf);
  for (const r of chainOf(read)) {
    const ends = writeChains.map((chain) => chain.find((l) => l.list === r.list)?.index);
    if (ends.some((e) => e === undefined)) continue;
    const end = Math.max(...(ends as number[]));
    return end >= r.index ? { list: r, start: r.index, end } : undefined;
  }
  return undefined;
}
