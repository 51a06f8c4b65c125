/**
 * Text edits: ordering, overlap checks, applying them, and following an offset through them.
 */
import type { FixEdit } from './types.js';

/** Edits sorted by offset (insertions at one point keep their given order); undefined when two overlap. */
export function normalizeEdits(edits: readonly FixEdit[]): FixEdit[] | undefined {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.e.endOffset - b.e.endOffset || a.i - b.i);
  const out: FixEdit[] = [];
  for (const { e } of sorted) {
    if (e.endOffset < e.offset) return undefined;
    const prev = out[out.length - 1];
    if (prev && overlap(prev, e)) {
      if (sameEdit(prev, e)) continue;
      return undefined;
    }
    out.push(e);
  }
  return out;
}

function sameEdit(a: FixEdit, b: FixEdit): boolean {
  return a.offset === b.offset && a.endOffset === b.endOffset && a.text === b.text;
}

/** Two edits touch the same text. Insertions at the same point, or at either end of a replacement, do not overlap. */
export function overlap(a: FixEdit, b: FixEdit): boolean {
  if (a.offset === a.endOffset || b.offset === b.endOffset) {
    if (sameEdit(a, b)) return true;
    const point = a.offset === a.endOffset ? a : b;
    const range = point === a ? b : a;
    return point.offset > range.offset && point.offset < range.endOffset;
  }
  return a.offset < b.endOffset && b.offset < a.endOffset;
}

/** Applies sorted, non-overlapping edits. */
export function applyEdits(text: string, edits: readonly FixEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.offset) + e.text;
    at = e.endOffset;
  }
  return out + text.slice(at);
}

/**
 * Where `offset` of the original text ends up after the (sorted) edits: text inserted at or before it
 * moves it right; an offset inside a replaced range maps to the start of the replacement.
 */
export function mapOffset(offset: number, edits: readonly FixEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.offset > offset) break;
    if (e.endOffset > offset && e.offset < offset) return e.offset + delta;
    if (e.offset === e.endOffset || e.endOffset <= offset) delta += e.text.length - (e.endOffset - e.offset);
  }
  return offset + delta;
}
