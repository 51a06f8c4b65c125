/**
 * The two-request timeline of a finding as a compact two-column table:
 *
 *   Request A                          Request B
 *   SELECT qty FROM products WHERE …
 *                                      SELECT qty FROM products WHERE …
 *   UPDATE products SET qty = …
 *                                      UPDATE products SET qty = …  ← sold twice
 *
 * Cells are flattened to one line and cut with `…` so a row fits `width`; a note that does not fit
 * after its row goes on the next lines, wrapped under the cell it belongs to.
 */
import type { TimelineRow } from '@tocscan/core';
import type { Colors } from './colors.js';
import { oneLine, padEnd, truncate, width as textWidth, wrap } from './text.js';

const HEADER_A = 'Request A';
const HEADER_B = 'Request B';
const GAP = 3;

export function renderTimeline(rows: readonly TimelineRow[], width: number, c: Colors): string[] {
  if (rows.length === 0) return [];
  const cap = Math.max(HEADER_A.length, Math.floor((width - GAP) / 2));
  const cellsA = rows.map((r) => oneLine(r.a ?? ''));
  const cellsB = rows.map((r) => oneLine(r.b ?? ''));
  const widthA = Math.min(cap, Math.max(HEADER_A.length, ...cellsA.map(textWidth)));
  const widthB = Math.min(width - widthA - GAP, Math.max(HEADER_B.length, ...cellsB.map(textWidth)));
  const columnB = widthA + GAP;

  const lines = [c.bold(padEnd(HEADER_A, columnB) + HEADER_B)];
  rows.forEach((row, i) => {
    const a = truncate(cellsA[i], widthA);
    const b = truncate(cellsB[i], widthB);
    let line = b === '' ? a : padEnd(a, columnB) + b;
    if (!row.note) {
      lines.push(line);
      return;
    }
    const note = `← ${oneLine(row.note)}`;
    if (textWidth(line) + 2 + textWidth(note) <= width) {
      lines.push(`${line}  ${c.red(note)}`);
      return;
    }
    lines.push(line);
    const at = b === '' ? 0 : columnB;
    wrap(row.note, width - at - 2).forEach((part, j) => lines.push(' '.repeat(at) + c.red(`${j === 0 ? '↑' : ' '} ${part}`)));
  });
  return lines.map((l) => l.trimEnd());
}
