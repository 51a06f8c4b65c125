/**
 * Does code between two points do anything besides computing local values? Calls (other than a few
 * pure built-ins), `await`, `new` (other than `Date`), and writes to properties count; the bodies of
 * exit guards (`if (…) return …`) do not, since they only run when the function leaves.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { range, staticPath, unwrap, type Node } from '../ast.js';
import { definitelyExits } from '../flow.js';
import { isFunctionNode, type Tree } from './tree.js';

const PURE_FUNCTIONS = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'Date.now', 'JSON.stringify', 'Object.keys', 'Array.isArray', 'BigInt']);
const PURE_METHODS = new Set(['toString', 'toFixed', 'trim', 'toLowerCase', 'toUpperCase', 'includes', 'startsWith', 'endsWith', 'slice', 'getTime', 'toISOString', 'valueOf']);

export function isPureCall(n: TSESTree.CallExpression): boolean {
  const callee = unwrap(n.callee);
  const path = staticPath(callee);
  if (path !== undefined && (PURE_FUNCTIONS.has(path) || path.startsWith('Math.'))) return true;
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && PURE_METHODS.has(callee.property.name);
}

function isEffect(n: Node): boolean {
  switch (n.type) {
    case 'CallExpression':
      return !isPureCall(n);
    case 'NewExpression':
      return staticPath(n.callee) !== 'Date';
    case 'AwaitExpression':
    case 'YieldExpression':
    case 'TaggedTemplateExpression':
      return true;
    case 'UpdateExpression':
      return unwrap(n.argument).type !== 'Identifier';
    case 'AssignmentExpression':
      return unwrap(n.left).type !== 'Identifier';
    case 'UnaryExpression':
      return n.operator === 'delete';
    default:
      return false;
  }
}

/** Effects in `[from, to)` within `fn`, outside nested functions and outside the bodies of exit guards. */
export function hasEffects(tree: Tree, fn: Node, from: number, to: number): boolean {
  const stack: Node[] = [fn];
  while (stack.length) {
    const n = stack.pop()!;
    const [s, e] = range(n);
    if (e <= from || s >= to) continue;
    if (n !== fn && isFunctionNode(n)) continue;
    if (s >= from && e <= to && isEffect(n)) return true;
    if (n.type === 'IfStatement' && !n.alternate && definitelyExits(n.consequent)) {
      stack.push(n.test);
      continue;
    }
    for (const c of tree.childrenOf(n)) stack.push(c);
  }
  return false;
}
