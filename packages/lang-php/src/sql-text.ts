/**
 * Assembling SQL text from PHP source as pieces: literal text with its source offset, and holes for
 * whatever is not known text (variables, `DB_PREFIX`, `{$wpdb->prefix}`, casts, calls) with their
 * source text. Concatenation, interpolation, heredoc/nowdoc and sprintf formatting all come down to
 * joining piece lists.
 */
import { looksLikeSql, piecesToText } from '@tocscan/core';
import type { SqlPiece } from '@tocscan/core';
import type { Nowdoc, PhpNode, PropertyLookup, StringLit } from './ast.js';
import { WPDB_TABLES } from './drivers.js';
import { locOf } from './loc.js';
import type { SqlText, Val } from './value.js';

export function hole(node: PhpNode, source: string): SqlPiece {
  const l = locOf(node);
  return { kind: 'hole', source: source.slice(l.offset, l.endOffset), offset: l.offset, endOffset: l.endOffset };
}

/** A quoted string literal: its value, starting after the opening quote. */
export function stringText(node: StringLit): SqlText {
  const l = locOf(node);
  const quote = node.raw?.search(/['"]/) ?? -1;
  return { pieces: [{ kind: 'text', text: node.value ?? '', offset: l.offset + (quote >= 0 ? quote + 1 : 0) }], loc: l };
}

/** A nowdoc (`<<<'SQL'`): its value, starting on the line after the label. */
export function nowdocText(node: Nowdoc): SqlText {
  const l = locOf(node);
  const firstNewline = node.raw ? node.raw.indexOf('\n') : -1;
  return { pieces: [{ kind: 'text', text: node.value ?? '', offset: l.offset + firstNewline + 1 }], loc: l };
}

/** Literal text (numbers, part of an interpolated string) at a node. */
export function textAt(node: PhpNode, text: string): SqlText {
  const l = locOf(node);
  return { pieces: [{ kind: 'text', text, offset: l.offset }], loc: l };
}

/** The pieces a value contributes to SQL text: its known text, else a hole for its source. */
export function piecesOf(node: PhpNode, val: Val, source: string): SqlPiece[] {
  return val.sql ? val.sql.pieces : [hole(node, source)];
}

/**
 * `$wpdb->posts` names the WordPress table `{prefix}posts`: a hole for the prefix (its source given as
 * `$wpdb->prefix`, the value it stands for) followed by the table name as text.
 */
export function wpdbTableText(node: PropertyLookup, table: string): SqlText | undefined {
  if (!WPDB_TABLES.has(table)) return undefined;
  const whole = locOf(node);
  const name = locOf(node.offset);
  return {
    pieces: [
      { kind: 'hole', source: '$wpdb->prefix', offset: whole.offset, endOffset: name.offset },
      { kind: 'text', text: table, offset: name.offset },
    ],
    loc: whole,
  };
}

const SPEC = /%(?:(\d+)\$)?[-+ 0#]*(?:'.)?\d*(?:\.\d+)?([bcdeEfFgGosuxX%])/g;

/**
 * `sprintf($format, ...$args)`: each conversion in the format's text is replaced by the pieces of the
 * argument it consumes (positional `%1$s` supported); `%%` is a literal percent sign.
 */
export function formatPieces(format: readonly SqlPiece[], args: SqlPiece[][]): SqlPiece[] {
  const out: SqlPiece[] = [];
  let next = 0;
  for (const piece of format) {
    if (piece.kind !== 'text') {
      out.push(piece);
      continue;
    }
    let last = 0;
    const push = (from: number, to: number) => {
      if (to > from) out.push({ kind: 'text', text: piece.text.slice(from, to), offset: piece.offset + from });
    };
    for (const m of piece.text.matchAll(SPEC)) {
      const at = m.index ?? 0;
      push(last, at);
      last = at + m[0].length;
      if (m[2] === '%') {
        out.push({ kind: 'text', text: '%', offset: piece.offset + at });
        continue;
      }
      const index = m[1] ? Number(m[1]) - 1 : next++;
      const arg = args[index];
      if (arg) for (const a of arg) out.push(a);
      else out.push({ kind: 'text', text: m[0], offset: piece.offset + at });
    }
    push(last, piece.text.length);
  }
  return out;
}

/** True when the value is text that reads as an SQL statement. */
export function isSqlText(val: Val): boolean {
  return !!val.sql && looksLikeSql(piecesToText(val.sql.pieces));
}
