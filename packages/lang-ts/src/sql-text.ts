/**
 * SQL text as assembled from source: string literals, template literals (holes for `${…}`),
 * `+` concatenation, `+=` appends, `[…].join(' ')`, and variables holding any of these.
 */
import { looksLikeSql, piecesToText, type Loc, type SqlPiece } from '@tocscan/core';
import { locOf, range, type Node } from './ast.js';

export interface SqlText {
  pieces: SqlPiece[];
  /** Where the text stands when it comes from one expression in source. */
  loc?: Loc;
}

/** A string literal. */
export function literalText(node: Node, value: string): SqlText {
  return { pieces: [{ kind: 'text', text: value, offset: range(node)[0] + 1 }], loc: locOf(node) };
}

/** A hole standing for an expression whose text is not known statically. */
export function holeText(node: Node, source: string): SqlText {
  const [offset, endOffset] = range(node);
  return { pieces: [{ kind: 'hole', source: source.slice(offset, endOffset), offset, endOffset }] };
}

/**
 * A template literal: its quasis (cooked text, content offset after the backtick or `}`) and, between them,
 * either the known SQL text of the interpolated expression or a hole spanning `${…}`.
 */
export function templateText(node: Node, quasis: readonly { node: Node; cooked: string }[], holes: readonly (SqlText | undefined)[], source: string): SqlText {
  const pieces: SqlPiece[] = [];
  quasis.forEach((q, i) => {
    if (q.cooked !== '') pieces.push({ kind: 'text', text: q.cooked, offset: range(q.node)[0] + 1 });
    if (i >= holes.length) return;
    const known = holes[i];
    if (known) {
      pieces.push(...known.pieces);
      return;
    }
    const offset = range(q.node)[1] - 2;
    const endOffset = range(quasis[i + 1].node)[0] + 1;
    pieces.push({ kind: 'hole', source: source.slice(offset, endOffset), offset, endOffset });
  });
  return { pieces, loc: locOf(node) };
}

/** `a + b` (or `a += b` when `at` is undefined: the pieces no longer stand together in source). */
export function concatText(a: SqlText, b: SqlText, at?: Node): SqlText {
  return { pieces: [...a.pieces, ...b.pieces], loc: at ? locOf(at) : undefined };
}

/** `[a, b, c].join(sep)` of known texts. */
export function joinTexts(parts: readonly SqlText[], separator: string, at: Node): SqlText {
  const pieces: SqlPiece[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && separator !== '') pieces.push({ kind: 'text', text: separator, offset: range(at)[0] });
    pieces.push(...p.pieces);
  });
  return { pieces, loc: locOf(at) };
}

function hasText(t: SqlText): boolean {
  return t.pieces.some((p) => p.kind === 'text');
}

/** True when the assembled text reads as an SQL statement. */
export function isSqlText(t: SqlText | undefined): t is SqlText {
  return !!t && hasText(t) && looksLikeSql(piecesToText(t.pieces));
}
