/**
 * The code of a finding: the lines from the read to the write (with two lines of context), or two
 * excerpts when they are far apart. The read's lines are marked "check", the write's "act".
 */
import type { Finding, Loc } from '@tocscan/core';
import { html } from './escape.js';

const CONTEXT = 2;
/** Read and write further apart than this are shown as two excerpts. */
const MAX_SPAN = 30;

interface Mark {
  loc: Loc;
  label: 'check' | 'act';
}

function marksOf(f: Finding): Mark[] {
  const marks: Mark[] = [{ loc: f.loc, label: 'act' }];
  if (f.read && f.read.file === f.file && f.read.loc.line !== f.loc.line) marks.push({ loc: f.read.loc, label: 'check' });
  return marks;
}

function excerpt(lines: readonly string[], from: number, to: number, marks: readonly Mark[]): string {
  const rows: string[] = [];
  for (let n = Math.max(1, from); n <= Math.min(lines.length, to); n++) {
    const mark = marks.find((m) => n >= m.loc.line && n <= m.loc.endLine);
    const cls = mark ? ` class="${mark.label}"` : '';
    const label = mark && n === mark.loc.line ? `<span class="tag">${mark.label === 'act' ? 'act (write)' : 'check (read)'}</span>` : '';
    rows.push(`<tr${cls}><td class="ln">${n}</td><td class="src">${html(lines[n - 1])}${label}</td></tr>`);
  }
  return `<table class="code"><tbody>${rows.join('')}</tbody></table>`;
}

export function codeOf(f: Finding, source: string | undefined): string {
  if (source === undefined) return '';
  const lines = source.split(/\r?\n/);
  const marks = marksOf(f);
  const first = Math.min(...marks.map((m) => m.loc.line));
  const last = Math.max(...marks.map((m) => m.loc.endLine));
  if (last - first <= MAX_SPAN) return excerpt(lines, first - CONTEXT, last + CONTEXT, marks);
  return marks
    .sort((a, b) => a.loc.line - b.loc.line)
    .map((m) => excerpt(lines, m.loc.line - CONTEXT, m.loc.endLine + CONTEXT, marks))
    .join('<div class="gap">⋮</div>');
}
