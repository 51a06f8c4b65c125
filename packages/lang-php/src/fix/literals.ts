/**
 * Writing into a PHP string literal: single-quoted, double-quoted (outside its interpolations),
 * heredoc and nowdoc, each with its own escapes.
 */
import type { LiteralSite } from '@tocscan/core';
import { is, type PhpNode } from '../ast.js';
import { end, start } from './tree.js';

function site(s: number, e: number, escape: (text: string) => string | undefined): LiteralSite {
  return { start: s, end: e, escape, interpolate: () => undefined };
}

const single = (text: string) => text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const double = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$');
const heredoc = (text: string) => (text.includes('\n') ? undefined : text.replace(/\\/g, '\\\\').replace(/\$/g, '\\$'));
const nowdoc = (text: string) => (text.includes('\n') ? undefined : text);

/** The literal whose content holds `offset` (for heredocs: from the first body line to the end of the last). */
export function literalSiteAt(literals: readonly PhpNode[], text: string, offset: number): LiteralSite | undefined {
  for (const n of literals) {
    const s = start(n);
    const e = end(n);
    if (offset <= s || offset >= e) continue;
    if (is(n, 'nowdoc') || (is(n, 'encapsed') && n.type === 'heredoc')) {
      const bodyStart = text.indexOf('\n', s) + 1;
      const bodyEnd = text.lastIndexOf('\n', e - 1);
      if (offset < bodyStart || offset > bodyEnd) continue;
      if (is(n, 'nowdoc')) return site(s, e, nowdoc);
      return insidePart(n, offset) ? undefined : site(s, e, heredoc);
    }
    if (is(n, 'encapsed')) return insidePart(n, offset) ? undefined : site(s, e, double);
    if (is(n, 'string')) {
      const quote = text[s] === 'b' || text[s] === 'B' ? text[s + 1] : text[s];
      if (offset === s + 1 && quote !== text[s]) continue;
      return site(s, e, quote === '"' ? double : single);
    }
  }
  return undefined;
}

/** `offset` lies strictly inside an interpolated expression of the string. */
function insidePart(n: PhpNode, offset: number): boolean {
  if (!is(n, 'encapsed')) return false;
  return n.value.some((part) => !is(part.expression, 'string') && offset > start(part) && offset < end(part));
}
