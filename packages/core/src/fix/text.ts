/**
 * Plain-text helpers the hosts share for layout: lines, indentation, re-indenting a span.
 */
import type { FixEdit } from './types.js';

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset` (before its `\n` or `\r\n`). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The whitespace a line starts with. */
export function indentOf(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))![0];
}

/** Only whitespace stands between the line start and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** The file's line break. */
export function newline(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The file's indentation step: a tab when lines are indented with tabs, else the most common increase
 * in leading spaces from one line to the next (2 or 4 in practice), else `fallback`.
 */
export function indentUnit(text: string, fallback: string): string {
  const lines = text.split('\n');
  const tabs = lines.filter((l) => l.startsWith('\t')).length;
  const spaces = lines.filter((l) => l.startsWith(' ')).length;
  if (tabs > spaces) return '\t';
  const counts = new Map<number, number>();
  let prev = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    const n = /^ */.exec(line)![0].length;
    if (n > prev && n - prev <= 8) counts.set(n - prev, (counts.get(n - prev) ?? 0) + 1);
    prev = n;
  }
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best > 0 ? ' '.repeat(best) : fallback;
}

/**
 * Edits that indent every line from the one holding `from` to the one holding `to` by `unit`, except
 * blank lines and lines starting inside one of `literals` (multi-line strings keep their content).
 */
export function indentLines(text: string, from: number, to: number, unit: string, literals: readonly [number, number][]): FixEdit[] {
  const edits: FixEdit[] = [];
  for (let at = lineStart(text, from); at <= to && at < text.length; ) {
    const end = lineEnd(text, at);
    const inside = literals.some(([s, e]) => at > s && at < e);
    if (!inside && text.slice(at, end).trim() !== '') edits.push({ offset: at, endOffset: at, text: unit });
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return edits;
}

/** A name not used as a word in `scope`: `base`, else `base2`, `base3`, … */
export function freshName(base: string, scope: string, sigil = ''): string {
  const taken = (name: string) => new RegExp(`(^|[^\\w$])${(sigil + name).replace(/\$/g, '\\$')}(?![\\w$])`).test(scope);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}${i}`)) return `${base}${i}`;
}
