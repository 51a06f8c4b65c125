/**
 * Transaction wrappers defined in the file: a function or method that begins a transaction
 * (`BEGIN` / `START TRANSACTION` as SQL, `beginTransaction()`, `startTransaction()`) and calls one of
 * its own parameters, e.g.
 *
 *   async function withTransaction(fn) { const c = await pool.connect(); await c.query('BEGIN'); … await fn(c); … }
 *
 * A call that passes a function in that position runs the function inside the transaction: the
 * callback is inlined between begin/commit events, like a driver's transaction callback.
 */
import type { Isolation } from '@tocscan/core';
import { allNodes, memberName, range, unwrap, type FunctionNode, type Node } from './ast.js';
import { isolationIn, txMethodAction } from './drivers.js';
import { realParams } from './units.js';

export interface TxWrapper {
  /** Index of the parameter holding the function run in the transaction. */
  callbackIndex: number;
  isolation?: Isolation;
}

/** The wrapper shape of a function, if it has it (`source` is the file's text, for a cheap prefilter). */
export function txWrapperShape(fn: FunctionNode, source: string): TxWrapper | undefined {
  const [start, end] = range(fn);
  if (!/\b(begin|start\s+transaction|beginTransaction|startTransaction)\b/i.test(source.slice(start, end))) return undefined;
  return wrapperShape(fn);
}

function wrapperShape(fn: FunctionNode): TxWrapper | undefined {
  const params = realParams(fn).map((p) => (p.type === 'Identifier' ? p.name : undefined));
  let begins = false;
  let isolation: Isolation | undefined;
  let callbackIndex = -1;
  for (const n of allNodes(fn.body)) {
    if (n.type !== 'CallExpression') continue;
    const callee = unwrap(n.callee);
    if (callee.type === 'Identifier' && params.includes(callee.name)) callbackIndex = params.indexOf(callee.name);
    const beginText = beginSql(n.arguments[0]);
    if (beginText !== undefined) {
      begins = true;
      isolation ??= isolationIn(beginText);
    }
    if (callee.type === 'MemberExpression' && txMethodAction(memberName(callee) ?? '') === 'begin') begins = true;
  }
  return begins && callbackIndex >= 0 ? { callbackIndex, isolation } : undefined;
}

/** The text of a `'BEGIN …'` / `'START TRANSACTION …'` literal argument. */
function beginSql(arg: Node | undefined): string | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  const text =
    a.type === 'Literal' && typeof a.value === 'string'
      ? a.value
      : a.type === 'TemplateLiteral' && a.expressions.length === 0
        ? (a.quasis[0].value.cooked ?? '')
        : undefined;
  return text !== undefined && /^\s*(begin|start\s+transaction)\b/i.test(text) ? text : undefined;
}
