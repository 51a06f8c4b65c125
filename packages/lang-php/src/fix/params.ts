/**
 * The values bound to a PHP query: `$stmt->execute([$a, $b])`, `DB::update($sql, [$a])`,
 * `pg_query_params($db, $sql, [$a])`; appending one and reading one.
 */
import type { FixEdit, QueryEvent, Refusal } from '@tocscan/core';
import { indentOf } from '@tocscan/core';
import { is, type ArrayLit, type Call, type PhpNode } from '../ast.js';
import { end, exprEnd, start } from './tree.js';

function arrayOf(n: PhpNode | undefined): ArrayLit | undefined {
  const a = is(n, 'namedargument') ? (n as unknown as { value: PhpNode }).value : n;
  return is(a, 'array') ? a : undefined;
}

/** The array literal of values bound to the query: after the SQL argument, or `execute()`'s argument. */
function valuesOf(call: Call, q: QueryEvent): ArrayLit | undefined {
  const args = call.arguments ?? [];
  const firstText = q.pieces.find((p) => p.kind === 'text');
  const sqlArg = firstText ? args.findIndex((a) => firstText.offset >= start(a) && firstText.offset < end(a)) : -1;
  if (sqlArg >= 0) return arrayOf(args[sqlArg + 1]);
  return args.length === 1 ? arrayOf(args[0]) : undefined;
}

function plainItems(a: ArrayLit): PhpNode[] | undefined {
  const items = (a.items ?? []) as PhpNode[];
  const values: PhpNode[] = [];
  for (const item of items) {
    if (!item) return undefined;
    if (is(item, 'entry')) {
      const flags = item as unknown as { unpack?: boolean; byRef?: boolean };
      if (item.key || flags.unpack || flags.byRef) return undefined;
      values.push(item.value);
    } else values.push(item);
  }
  return values;
}

export function appendValue(call: Call, q: QueryEvent, source: string, text: string): { edits: FixEdit[]; position: number } | Refusal {
  const a = valuesOf(call, q);
  const items = a && plainItems(a);
  if (!a || !items) return { refused: 'the values bound to the write are not a list tocscan can extend' };
  const position = items.length + 1;
  const close = text.lastIndexOf((a as unknown as { shortForm?: boolean }).shortForm === false ? ')' : ']', end(a) - 1);
  const last = items[items.length - 1];
  if (!last) return { edits: [{ offset: close, endOffset: close, text: source }], position };
  const lastEnd = exprEnd(last, text);
  const between = text.slice(lastEnd, close);
  if (!between.includes('\n')) return { edits: [{ offset: lastEnd, endOffset: lastEnd, text: `, ${source}` }], position };
  const comma = between.indexOf(',');
  const indent = indentOf(text, start(last));
  if (comma >= 0) return { edits: [{ offset: lastEnd + comma + 1, endOffset: lastEnd + comma + 1, text: `\n${indent}${source},` }], position };
  return { edits: [{ offset: lastEnd, endOffset: lastEnd, text: `,\n${indent}${source}` }], position };
}

export function boundSource(call: Call, q: QueryEvent, placeholder: string, n: number, text: string): string | undefined {
  const a = valuesOf(call, q);
  const items = a && plainItems(a);
  const index = /^\$\d+$/.test(placeholder) ? Number(placeholder.slice(1)) - 1 : placeholder === '?' ? n : -1;
  const item = items?.[index];
  return item ? text.slice(start(item), exprEnd(item, text)) : undefined;
}
