/**
 * Writing into a string literal or template: escapes per quote kind, interpolation in templates.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { LiteralSite } from '@tocscan/core';
import { range, type Node } from '../ast.js';

/** The literal whose content (between its delimiters) holds `offset`, outside any `${…}`. */
export function literalSiteAt(nodes: readonly Node[], source: string, offset: number): LiteralSite | undefined {
  for (const n of nodes) {
    const [s, e] = range(n);
    if (offset <= s || offset >= e) continue;
    if (n.type === 'TemplateLiteral') {
      const inQuasi = (n as TSESTree.TemplateLiteral).quasis.some((q) => {
        const [qs, qe] = range(q);
        // a quasi's range includes its delimiters: `…${, }…${, }…`
        return offset > qs && offset < qe - (qe === e ? 0 : 1);
      });
      if (inQuasi) return templateSite(s, e);
      continue;
    }
    const quote = source[s];
    if (quote === "'" || quote === '"') return quotedSite(quote, s, e);
  }
  return undefined;
}

function quotedSite(quote: string, start: number, end: number): LiteralSite {
  return {
    start,
    end,
    escape: (text) => text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n'),
    interpolate: () => undefined,
  };
}

function templateSite(start: number, end: number): LiteralSite {
  return {
    start,
    end,
    escape: (text) => text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${'),
    interpolate: (source) => `\${${source}}`,
  };
}
