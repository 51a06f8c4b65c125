/**
 * The race as two requests side by side, time going down: each row is one step of request A or B
 * with the real statements; the rows between A's read and A's write are the window B runs in; the
 * row where the damage happens carries what goes wrong.
 */
import type { Finding, TimelineRow } from '@tocscan/core';
import { html } from './escape.js';

/** A cell the core cut short (`SELECT … WHERE id…`) shows the whole statement. */
function fullText(cell: string, f: Finding): string {
  if (!cell.endsWith('…')) return cell;
  const head = cell.slice(0, -1);
  const full = [f.read?.sql, f.write?.sql].find((s) => s !== undefined && s.replace(/\s+/g, ' ').startsWith(head));
  return full ?? cell;
}

function isStatement(text: string): boolean {
  return /^(SELECT|UPDATE|INSERT|DELETE|REPLACE|WITH)\b/i.test(text.trim());
}

function cell(text: string | undefined, f: Finding, lane: 'a' | 'b'): string {
  if (text === undefined) return `<td class="lane-${lane} idle"></td>`;
  const shown = fullText(text, f);
  const body = isStatement(shown) ? `<code>${html(shown)}</code>` : `<span class="step">${html(shown)}</span>`;
  return `<td class="lane-${lane}">${body}</td>`;
}

export function timelineOf(f: Finding): string {
  const rows: readonly TimelineRow[] = f.timeline;
  if (rows.length === 0) return '';
  const lastA = rows.reduce((at, r, i) => (r.a !== undefined ? i : at), -1);
  const body = rows
    .map((r, i) => {
      const classes = [i > 0 && i < lastA ? 'window' : '', r.note ? 'damage' : ''].filter(Boolean).join(' ');
      const note = r.note ? `<tr class="note"><td colspan="3">⚠ ${html(r.note)}</td></tr>` : '';
      return `<tr${classes ? ` class="${classes}"` : ''}><td class="t">${i + 1}</td>${cell(r.a, f, 'a')}${cell(r.b, f, 'b')}</tr>${note}`;
    })
    .join('');
  return [
    '<figure class="timeline">',
    '<figcaption>How two requests interleave (time runs down; shaded: the window between A’s read and A’s write)</figcaption>',
    '<table><thead><tr><th class="t">#</th><th>Request A</th><th>Request B</th></tr></thead>',
    `<tbody>${body}</tbody></table>`,
    '</figure>',
  ].join('');
}
