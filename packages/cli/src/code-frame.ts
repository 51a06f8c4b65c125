/**
 * A code frame at a location (@babel/code-frame), kept within `width` columns: two lines of context
 * each side, tabs expanded, long lines cut horizontally around the marked span (a cut is shown as `…`).
 * A span over several lines is marked on its first line only.
 */
import { babelCodeFrame } from './lazy.js';
import type { Loc } from '@tocscan/core';

const CONTEXT = 2;
const TAB = '  ';
/** Columns kept visible before the marked span when a line is cut. */
const LEAD = 8;

interface Expanded {
  text: string;
  /** 0-based column in the original line → column in `text`. */
  column(original: number): number;
}

function expandTabs(line: string): Expanded {
  if (!line.includes('\t')) return { text: line, column: (col) => col };
  const text = line.replace(/\t/g, TAB);
  return {
    text,
    column: (col) => {
      const before = line.slice(0, col);
      return col + (before.match(/\t/g)?.length ?? 0) * (TAB.length - 1);
    },
  };
}

function cut(text: string, from: number, size: number): string {
  let out = text.slice(from, from + size);
  if (from > 0 && out.length > 0) out = `…${out.slice(1)}`;
  if (text.length > from + size) out = `${out.slice(0, -1)}…`;
  return out;
}

export function renderCodeFrame(source: string, loc: Loc, width: number, color: boolean): string {
  const lines = source.split(/\r\n|[\n\r\u2028\u2029]/);
  const line = Math.min(Math.max(loc.line, 1), lines.length);
  const first = Math.max(1, line - CONTEXT);
  const last = Math.min(lines.length, line + CONTEXT);
  // Babel's gutter: "> " + right-aligned line number + " | ".
  const codeWidth = Math.max(20, width - (String(last).length + 5));

  const expanded = new Map<number, Expanded>();
  for (let n = first; n <= last; n++) expanded.set(n, expandTabs(lines[n - 1]));
  const target = expanded.get(line)!;
  const start = target.column(Math.min(loc.column, lines[line - 1].length));
  const rawEnd = loc.endLine === loc.line ? loc.endColumn : lines[line - 1].length;
  let end = Math.max(start + 1, target.column(Math.min(rawEnd, lines[line - 1].length)));

  const longest = Math.max(...[...expanded.values()].map((e) => e.text.length));
  let offset = 0;
  if (longest > codeWidth && end > codeWidth) offset = Math.max(0, start - LEAD);
  end = Math.min(end, offset + codeWidth);

  // Only the framed lines are passed on (the rest blank), so highlighting never tokenises the whole file.
  const window = lines.map((_, i) => {
    const e = expanded.get(i + 1);
    return e ? (e.text.length > codeWidth || offset > 0 ? cut(e.text, offset, codeWidth) : e.text) : '';
  });
  return babelCodeFrame().codeFrameColumns(
    window.join('\n'),
    { start: { line, column: start - offset + 1 }, end: { line, column: end - offset + 1 } },
    { linesAbove: CONTEXT, linesBelow: CONTEXT, highlightCode: color, forceColor: color },
  );
}
