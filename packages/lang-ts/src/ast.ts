/**
 * Small helpers over ESTree nodes, limited to shapes that typescript-estree and espree share.
 * TS-only expression wrappers (`x as T`, `x!`, `x satisfies T`, `<T>x`, `f<T>`) are transparent.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { Loc } from '@tocscan/core';

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ChainExpression',
  'ParenthesizedExpression',
]);

/** Strips TS wrappers, optional-chain wrappers and (when present) parentheses. */
export function unwrap(node: Node): Node {
  let n = node;
  while (WRAPPERS.has(n.type)) n = (n as unknown as { expression: Node }).expression;
  return n;
}

export function range(node: Node): [number, number] {
  const r = (node as { range?: [number, number] }).range;
  if (r) return r;
  const { start, end } = node as unknown as { start: number; end: number };
  return [start, end];
}

export function locOf(node: Node): Loc {
  const [offset, endOffset] = range(node);
  return {
    line: node.loc.start.line,
    column: node.loc.start.column,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column,
    offset,
    endOffset,
  };
}

/** A zero-width location at the end of a node (used for the implicit commit of a transaction callback). */
export function endLocOf(node: Node): Loc {
  const end = range(node)[1];
  return { line: node.loc.end.line, column: node.loc.end.column, endLine: node.loc.end.line, endColumn: node.loc.end.column, offset: end, endOffset: end };
}

function isFunction(node: Node | null | undefined): node is FunctionNode {
  return !!node && (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration');
}

/** The function a (possibly wrapped) expression is, if it is one. */
export function asFunction(node: Node | null | undefined): FunctionNode | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return isFunction(n) ? n : undefined;
}

/** Name of a non-computed property key (`a`, `'a'`, `#a`), else undefined. */
export function keyName(key: Node, computed: boolean): string | undefined {
  if (key.type === 'Identifier') return computed ? undefined : key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** `obj.prop` / `obj['prop']` → `prop`. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return keyName(node.property, false);
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}

/** The static path of an identifier/this/member chain (`this.repo`, `db.pool`), else undefined. */
export function staticPath(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression') {
    const name = memberName(n);
    const base = staticPath(n.object);
    return name !== undefined && base !== undefined ? `${base}.${name}` : undefined;
  }
  return undefined;
}

/** Short readable text of a callee chain: `this.pool.query`, `db.prepare(…).get`, `sql`. */
export function calleeText(node: Node): string {
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier':
      return n.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MemberExpression': {
      const name = memberName(n);
      return `${calleeText(n.object)}${name !== undefined ? `.${name}` : '[…]'}`;
    }
    case 'CallExpression':
      return `${calleeText(n.callee)}(${n.arguments.length ? '…' : ''})`;
    case 'NewExpression':
      return `new ${calleeText(n.callee)}(${n.arguments.length ? '…' : ''})`;
    case 'AwaitExpression':
      return calleeText(n.argument);
    default:
      return '…';
  }
}

const SKIP_KEYS = new Set(['parent', 'loc', 'range', 'start', 'end', 'type', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'decorators']);

/** Child nodes, in key order (not necessarily source order). */
function unorderedChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (const key in node) {
    if (SKIP_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Child nodes in source order, for generic traversal of node types not handled explicitly. */
export function childNodes(node: Node): Node[] {
  return unorderedChildren(node).sort((a, b) => range(a)[0] - range(b)[0]);
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && 'loc' in v;
}

/** Every node of the tree (in no particular order), for whole-file scans. */
export function* allNodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    stack.push(...unorderedChildren(n));
  }
}
