/**
 * Connection pools, as both the frontend (a BEGIN sent through a pool opens no transaction) and the
 * fixers (a transaction needs one connection taken from the pool) judge them: a name that says so, or a
 * value made by a pool factory.
 */
import type { Node } from './ast.js';

export type PoolKind = 'pg' | 'mysql' | 'knex';

/** `pool`, `dbPool`, `writePool`: the receiver's last name says it is a pool. */
export function isPoolName(name: string): boolean {
  return /pool$/i.test(name);
}

/** `new Pool(…)` / `new pg.Pool(…)` (pg), `createPool(…)` with or without `.promise()` (mysql, mysql2), `knex(…)`; awaited or not. */
export function poolKindOf(value: Node): PoolKind | undefined {
  let n: Node = value;
  for (;;) {
    if (n.type === 'AwaitExpression') n = n.argument as Node;
    else if (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression') n = n.expression as Node;
    else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && calleeName(n.callee) === 'promise') n = n.callee.object as Node;
    else break;
  }
  if (n.type === 'NewExpression') return calleeName(n.callee as Node) === 'Pool' ? 'pg' : undefined;
  if (n.type !== 'CallExpression') return undefined;
  const name = calleeName(n.callee as Node);
  return name === 'createPool' ? 'mysql' : name === 'knex' ? 'knex' : undefined;
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}
