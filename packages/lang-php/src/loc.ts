/**
 * php-parser positions → model Loc. php-parser counts lines from 1, columns from 0, and its offsets
 * and columns are indexes into the JS string (UTF-16 code units), which is the model's convention,
 * so no conversion is needed beyond reshaping.
 */
import type { Loc } from '@tocscan/core';
import type { PhpNode } from './ast.js';

const NOWHERE: Loc = { line: 1, column: 0, endLine: 1, endColumn: 0, offset: 0, endOffset: 0 };

export function locOf(node: PhpNode | null | undefined): Loc {
  const l = node?.loc;
  if (!l) return { ...NOWHERE };
  return {
    line: l.start.line,
    column: l.start.column,
    endLine: l.end.line,
    endColumn: l.end.column,
    offset: l.start.offset,
    endOffset: l.end.offset,
  };
}

/** A zero-width Loc at the end of `loc` (where a callback transaction commits). */
export function endLoc(loc: Loc): Loc {
  return { line: loc.endLine, column: loc.endColumn, offset: loc.endOffset, endLine: loc.endLine, endColumn: loc.endColumn, endOffset: loc.endOffset };
}

/** Source text of a node, whitespace collapsed (for `api` and callee receivers). */
export function sourceOf(text: string, node: PhpNode | null | undefined): string {
  const l = node?.loc;
  if (!l) return '';
  return text.slice(l.start.offset, l.end.offset).replace(/\s+/g, ' ').trim();
}

/**
 * The Loc of an expression without the trailing `;` php-parser includes when the expression is a
 * statement of its own (`$db->query(...);`).
 */
export function exprLoc(node: PhpNode | null | undefined, text: string): Loc {
  const loc = locOf(node);
  let end = loc.endOffset;
  while (end > loc.offset && /[\s;]/.test(text[end - 1])) end--;
  if (end === loc.endOffset) return loc;
  const removed = text.slice(end, loc.endOffset);
  const newlines = removed.split('\n').length - 1;
  if (newlines === 0) return { ...loc, endOffset: end, endColumn: loc.endColumn - removed.length };
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  return { ...loc, endOffset: end, endLine: loc.endLine - newlines, endColumn: end - lineStart };
}
