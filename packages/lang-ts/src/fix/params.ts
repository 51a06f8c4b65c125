/**
 * The values bound to a query: `pool.query(sql, [a, b])`, `{ text, values: [a] }`, a prepared
 * statement's `run(a, b)`; appending one, reading one, and whether the SQL text is the query's own.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { FixEdit, QueryEvent, Refusal } from '@tocscan/core';
import { indentOf } from '@tocscan/core';
import { range, unwrap, type Node } from '../ast.js';

type Call = TSESTree.CallExpression;

/** The list of bound values: an array literal's elements, or the call's own arguments (prepared statements). */
interface ValueList {
  items: readonly Node[];
  /** Offset just inside the closing bracket / parenthesis. */
  close: number;
  open: number;
}

/** Index of the call argument holding the SQL text, -1 when it stands elsewhere (a prepared statement, `db.prepare(sql).run(…)`). */
function sqlArgument(call: Call, q: QueryEvent): number {
  const first = q.pieces.find((p) => p.kind === 'text');
  return first ? (call.arguments as readonly Node[]).findIndex((a) => range(a)[0] <= first.offset && first.offset < range(a)[1]) : -1;
}

function valuesOf(call: Call, q: QueryEvent, source: string): ValueList | undefined {
  const args = call.arguments as readonly Node[];
  const config = args[0] && unwrap(args[0]).type === 'ObjectExpression' ? (unwrap(args[0]) as TSESTree.ObjectExpression) : undefined;
  if (config) {
    const values = config.properties.find((p): p is TSESTree.Property => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'values');
    return values ? arrayList(values.value) : undefined;
  }
  const sqlAt = sqlArgument(call, q);
  if (sqlAt >= 0) return args[sqlAt + 1] ? arrayList(args[sqlAt + 1]) : undefined;
  // `pool.query(sql, [a])` with the SQL in a variable
  if (args.length === 2 && unwrap(args[1]).type === 'ArrayExpression' && unwrap(args[0]).type !== 'ArrayExpression') return arrayList(args[1]);
  if (args.length === 1 && unwrap(args[0]).type === 'ArrayExpression') return arrayList(args[0]);
  const [, end] = range(call);
  const close = source.lastIndexOf(')', end);
  const open = source.indexOf('(', range(call.callee)[1]);
  return args.some((a) => a.type === 'SpreadElement') ? undefined : { items: args, close, open: open + 1 };
}

function arrayList(n: Node): ValueList | undefined {
  const a = unwrap(n);
  if (a.type !== 'ArrayExpression' || a.elements.some((el) => !el || el.type === 'SpreadElement')) return undefined;
  const [s, e] = range(a);
  return { items: a.elements as Node[], close: e - 1, open: s + 1 };
}

/** Appends `source` to the values bound to `q` (a new line when the list is laid out one value per line). */
export function appendValue(q: QueryEvent, call: Node, source: string, text: string): { edits: FixEdit[]; position: number } | Refusal {
  if (call.type === 'TaggedTemplateExpression') return { refused: 'a tagged template takes values inline' };
  const list = call.type === 'CallExpression' ? valuesOf(call, q, text) : undefined;
  if (!list) return { refused: 'the values bound to the write are not a list tocscan can extend' };
  const last = list.items[list.items.length - 1];
  const position = list.items.length + 1;
  if (!last) return { edits: [{ offset: list.open, endOffset: list.open, text: source }], position };
  const lastEnd = range(last)[1];
  const between = text.slice(lastEnd, list.close);
  if (!between.includes('\n')) return { edits: [{ offset: lastEnd, endOffset: lastEnd, text: `, ${source}` }], position };
  const comma = between.indexOf(',');
  const indent = indentOf(text, range(last)[0]);
  if (comma >= 0) return { edits: [{ offset: lastEnd + comma + 1, endOffset: lastEnd + comma + 1, text: `\n${indent}${source},` }], position };
  return { edits: [{ offset: lastEnd, endOffset: lastEnd, text: `,\n${indent}${source}` }], position };
}

/** Source of the value bound to `placeholder` (`$2`, or the `n`-th `?`). */
export function boundSource(q: QueryEvent, call: Node, placeholder: string, n: number, text: string): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const list = valuesOf(call, q, text);
  const index = /^\$\d+$/.test(placeholder) ? Number(placeholder.slice(1)) - 1 : placeholder === '?' ? n : -1;
  const item = list?.items[index];
  return item ? text.slice(...range(item)) : undefined;
}
