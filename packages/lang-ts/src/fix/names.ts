/**
 * Which names hold a read's result (`rows`, `product`, `card`) or values taken from it, and which
 * column a name stands for (`const { balance } = row` → balance).
 */
import type { TSESTree } from '@typescript-eslint/types';
import { range, unwrap, type Node } from '../ast.js';
import { isPureCall } from './effects.js';
import { nodesIn, type Tree } from './tree.js';

export interface ReadNames {
  /** Every name holding the result or something taken from it. */
  all: Set<string>;
  /** Names bound to one column of the row: name → column. */
  columns: Map<string, string>;
}

/** The expression a call's value is bound through: `await`, `as T`, `(…)`, `.rows`, `[0]` are looked through. */
function bindingOf(tree: Tree, call: Node): { target: Node; init: Node } | undefined {
  let cur: Node = call;
  for (let p = tree.parent(cur); p; cur = p, p = tree.parent(cur)) {
    if (p.type === 'VariableDeclarator' && p.init && unwrapAll(p.init) === unwrapAll(cur)) return { target: p.id, init: p.init };
    if (p.type === 'AssignmentExpression' && p.operator === '=' && p.right === cur) return { target: p.left, init: p.right };
    if (p.type === 'AwaitExpression' || p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression' || p.type === 'TSSatisfiesExpression') continue;
    if (p.type === 'MemberExpression' && p.object === cur) continue;
    return undefined;
  }
  return undefined;
}

function unwrapAll(n: Node): Node {
  let cur = unwrap(n);
  while (cur.type === 'AwaitExpression') cur = unwrap(cur.argument);
  return cur;
}

/** Names a binding pattern introduces; for `{ col }` and `{ col: x }` also the column they hold. */
function patternNames(p: Node, into: ReadNames, column?: string): void {
  switch (p.type) {
    case 'Identifier':
      into.all.add(p.name);
      if (column) into.columns.set(p.name, column);
      return;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') patternNames(prop.argument, into);
        else {
          const key = prop.key.type === 'Identifier' && !prop.computed ? prop.key.name : undefined;
          const col = key && !CONTAINERS.has(key) ? key : undefined;
          patternNames(prop.value, into, col);
        }
      }
      return;
    case 'ArrayPattern':
      for (const el of p.elements) if (el) patternNames(el, into);
      return;
    case 'AssignmentPattern':
      patternNames(p.left, into, column);
      return;
    case 'RestElement':
      patternNames(p.argument, into);
      return;
    default:
      return;
  }
}

/** Properties of a result that hold rows or counts, not columns. */
export const CONTAINERS = new Set(['rows', 'length', 'rowCount', 'count', 'affectedRows', 'changes', 'recordset', 'results']);

/** `n` mentions one of `names` as a variable (not as a property name). */
export function mentions(n: Node, names: ReadonlySet<string>): boolean {
  const keys = new Set<Node>();
  for (const m of nodesIn(n, true)) {
    if (m.type === 'MemberExpression' && !m.computed) keys.add(m.property);
    if ((m.type === 'Property' || m.type === 'PropertyDefinition' || m.type === 'MethodDefinition') && !m.computed && m.key !== (m as { value?: Node }).value) keys.add(m.key);
  }
  for (const m of nodesIn(n, true)) if (m.type === 'Identifier' && names.has(m.name) && !keys.has(m)) return true;
  return false;
}

/**
 * Names bound from the read call, then (in source order, up to `before`) names bound from expressions
 * that mention them. `member.col` chains record the column: `const qty = row.qty`.
 */
export function readNames(tree: Tree, fn: Node, readCall: Node, before: number): ReadNames {
  const out: ReadNames = { all: new Set(), columns: new Map() };
  const first = bindingOf(tree, readCall);
  if (first) patternNames(first.target, out);
  const after = range(readCall)[1];
  const bindings: { target: Node; init: Node; at: number }[] = [];
  for (const n of nodesIn(fn, true)) {
    const [s] = range(n);
    if (s < after || s >= before) continue;
    if (n.type === 'VariableDeclarator' && n.init) bindings.push({ target: n.id, init: n.init, at: s });
    else if (n.type === 'AssignmentExpression' && n.operator === '=') bindings.push({ target: n.left, init: n.right, at: s });
  }
  bindings.sort((a, b) => a.at - b.at);
  for (const b of bindings) {
    // Only values computed from the row; what another query returns for it (`await db.query(…, [row.id])`) is not the row.
    if (!mentions(b.init, out.all) || queries(b.init)) continue;
    const col = columnOfChain(b.init, out.all);
    if (b.target.type === 'Identifier') {
      out.all.add(b.target.name);
      if (col) out.columns.set(b.target.name, col);
    } else patternNames(b.target, out);
  }
  return out;
}

/** The expression awaits or calls something that is not a pure built-in. */
function queries(n: Node): boolean {
  for (const m of nodesIn(n)) {
    if (m.type === 'AwaitExpression' || m.type === 'NewExpression' || m.type === 'TaggedTemplateExpression' || (m.type === 'CallExpression' && !isPureCall(m))) return true;
  }
  return false;
}

/** `row.qty`, `rows[0].qty`, `row?.qty`, `row['qty']` rooted at a read name: the column (`qty`); else undefined. */
export function columnOfChain(n: Node, names: ReadonlySet<string>): string | undefined {
  const e = unwrap(n);
  if (e.type !== 'MemberExpression') return undefined;
  const prop = memberKey(e);
  if (prop === undefined || CONTAINERS.has(prop) || /^\d+$/.test(prop)) return undefined;
  return rootName(e.object) !== undefined && names.has(rootName(e.object)!) && isRowChain(e.object) ? prop : undefined;
}

export function memberKey(e: TSESTree.MemberExpression): string | undefined {
  if (!e.computed) return e.property.type === 'Identifier' ? e.property.name : undefined;
  const p = unwrap(e.property);
  return p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number') ? String(p.value) : undefined;
}

/** The identifier a member chain starts from. */
export function rootName(n: Node): string | undefined {
  const e = unwrap(n);
  if (e.type === 'Identifier') return e.name;
  if (e.type === 'MemberExpression') return rootName(e.object);
  return undefined;
}

/** A chain that reaches a row: only containers and indexes between the root and here (`result.rows[0]`, `rows[0]`, `row`). */
export function isRowChain(n: Node): boolean {
  const e = unwrap(n);
  if (e.type === 'Identifier') return true;
  if (e.type !== 'MemberExpression') return false;
  const key = memberKey(e);
  return key !== undefined && (key === 'rows' || /^\d+$/.test(key)) && isRowChain(e.object);
}
