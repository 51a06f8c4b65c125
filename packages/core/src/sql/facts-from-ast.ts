/**
 * node-sql-parser AST → body facts. The AST's shape differs between dialect grammars (a column is
 * `'qty'` in MySQL and `{ expr: { value: 'qty' } }` in PostgreSQL; a sub-select is a statement or a
 * `{ ast }` wrapper), so everything here reads it defensively as plain data.
 */
import type { RelativeSet } from './facts.js';
import type { Predicate } from './conditional.js';
import { finishBody, type BodyFacts } from './body.js';

type Node = Record<string, unknown>;

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x == null ? [] : [x]);

/** Name translation for stand-ins: `tocscan_h3` → the identifier it stands for; others lower-cased. */
export type NameOf = (name: string) => string;

const MAX_DEPTH = 200;

function text(x: unknown): string | null {
  if (typeof x === 'string') return x;
  if (isNode(x)) {
    if (typeof x.value === 'string') return x.value;
    if (x.expr !== undefined) return text(x.expr);
  }
  return null;
}

function columnOf(ref: Node): string | null {
  return typeof ref.column === 'string' ? ref.column : text(ref.column);
}

function functionName(node: Node): string {
  const n = node.name;
  if (typeof n === 'string') return n.toUpperCase();
  if (isNode(n)) return list(n.name).map(text).filter(Boolean).join('.').toUpperCase();
  return '';
}

/** The statement a node holds when it is a sub-select (a statement or a `{ ast }` wrapper). */
function subStatement(x: unknown): Node | null {
  if (!isNode(x)) return null;
  if (isNode(x.ast) && typeof x.ast.type === 'string') return x.ast;
  if (x.type === 'select' && 'from' in x) return x;
  return null;
}

function isColumnRef(x: unknown): x is Node {
  return isNode(x) && x.type === 'column_ref';
}

export function factsFromAst(ast: unknown, tableList: readonly string[], nameOf: NameOf): BodyFacts {
  const root = subStatement(ast) ?? (isNode(ast) ? ast : {});
  const ctes = new Set<string>();
  collectCteNames(root, ctes, 0);
  const all = tableList
    .map((entry) => nameOf(entry.split('::').pop() ?? ''))
    .filter((t) => t && t !== 'dual' && !ctes.has(t));

  const type = String(root.type ?? '');
  const writes = type === 'insert' || type === 'replace' ? tableNames(root.table, nameOf) : type === 'update' ? updateTargets(root, nameOf) : type === 'delete' ? deleteTargets(root, nameOf) : [];

  const predicates: Predicate[] = [];
  if (type === 'insert' || type === 'replace') {
    const source = subStatement(root.values);
    if (source) walkPredicates(source.where, predicates, false, 0);
  } else walkPredicates(root.where, predicates, false, 0);

  for (const p of predicates) p.columns = [...new Set(p.columns.map(nameOf))];
  const { setColumns, relativeSets } = setFacts(root, nameOf);
  const body = finishBody(all, writes, { predicates, setColumns, relativeSets });
  const conflict = isNode(root.conflict) && isNode(root.conflict.target) ? list(root.conflict.target.expr) : [];
  if (conflict.length) body.conflictTarget = conflict.map((c) => (isNode(c) ? (columnOf(c) ?? text(c)) : text(c))).filter((c): c is string => !!c).map(nameOf);
  return body;
}

function collectCteNames(node: unknown, out: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const x of node) collectCteNames(x, out, depth + 1);
    return;
  }
  if (!isNode(node)) return;
  for (const w of list(node.with)) {
    const name = isNode(w) ? text(w.name) : null;
    if (name) out.add(name.toLowerCase());
  }
  for (const v of Object.values(node)) if (typeof v === 'object') collectCteNames(v, out, depth + 1);
}

function tableNames(entries: unknown, nameOf: NameOf): string[] {
  return list(entries)
    .map((e) => (isNode(e) ? text(e.table) : text(e)))
    .filter((t): t is string => !!t)
    .map(nameOf);
}

/** UPDATE targets: the tables whose columns are SET (by qualifier), else the first table. */
function updateTargets(root: Node, nameOf: NameOf): string[] {
  const entries = list(root.table).filter(isNode);
  const qualifiers = new Set(
    list(root.set)
      .filter(isNode)
      .map((s) => text(s.table))
      .filter((q): q is string => !!q)
      .map((q) => q.toLowerCase()),
  );
  const hit = entries.filter((e) => {
    const alias = text(e.as)?.toLowerCase();
    const table = text(e.table)?.toLowerCase();
    return (alias && qualifiers.has(alias)) || (table && qualifiers.has(table));
  });
  return tableNames(hit.length ? hit : entries.slice(0, 1), nameOf);
}

/** DELETE targets: the named targets with aliases resolved against FROM, else the first FROM table. */
function deleteTargets(root: Node, nameOf: NameOf): string[] {
  const from = list(root.from).filter(isNode);
  const targets = list(root.table).filter(isNode);
  if (!targets.length) return tableNames(from.slice(0, 1), nameOf);
  return targets
    .map((t) => {
      const name = text(t.table)?.toLowerCase();
      const aliased = from.find((f) => text(f.as)?.toLowerCase() === name);
      return text((aliased ?? t).table);
    })
    .filter((t): t is string => !!t)
    .map(nameOf);
}

/** Leaf predicates of a WHERE (see conditional.ts). */
function walkPredicates(node: unknown, out: Predicate[], inner: boolean, depth: number): void {
  if (!isNode(node) || depth > MAX_DEPTH) return;
  const op = typeof node.operator === 'string' ? node.operator.toUpperCase() : '';
  if (node.type === 'binary_expr' && (op === 'AND' || op === 'OR' || op === 'XOR' || op === '&&' || op === '||')) {
    walkPredicates(node.left, out, inner, depth + 1);
    walkPredicates(node.right, out, inner, depth + 1);
    return;
  }
  if (node.type === 'unary_expr' && (op === 'NOT' || op === '!')) {
    walkPredicates(node.expr, out, inner, depth + 1);
    return;
  }
  if (node.type === 'function' && functionName(node) === 'NOT') {
    for (const a of list(isNode(node.args) ? node.args.value : node.args)) walkPredicates(a, out, inner, depth + 1);
    return;
  }
  if (node.type === 'unary_expr' && (op === 'EXISTS' || op === 'NOT EXISTS')) {
    out.push({ columns: [], exists: true, ...(inner ? { inner } : {}) });
    const sub = subStatement(node.expr);
    if (sub) walkPredicates(sub.where, out, true, depth + 1);
    return;
  }
  if (node.type === 'function' && functionName(node) === 'EXISTS') {
    out.push({ columns: [], exists: true, ...(inner ? { inner } : {}) });
    for (const a of list(isNode(node.args) ? node.args.value : node.args)) {
      const sub = subStatement(a);
      if (sub) walkPredicates(sub.where, out, true, depth + 1);
    }
    return;
  }
  const columns: string[] = [];
  const subs: Node[] = [];
  collectColumns(node, columns, subs, depth + 1);
  const p: Predicate = { columns: [...new Set(columns)] };
  if (op === 'NOT IN' && subs.length) p.notInSubquery = true;
  if ((op === 'IS' || op === 'IS NOT') && isNode(node.right) && node.right.type === 'null') p.nullTest = true;
  if (inner) p.inner = true;
  out.push(p);
  for (const s of subs) walkPredicates(s.where, out, true, depth + 1);
}

function collectColumns(node: unknown, columns: string[], subs: Node[], depth: number): void {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) collectColumns(x, columns, subs, depth + 1);
    return;
  }
  const sub = subStatement(node);
  if (sub) {
    subs.push(sub);
    return;
  }
  if (isColumnRef(node)) {
    const c = columnOf(node);
    if (c && c !== '*') columns.push(c.toLowerCase());
    return;
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'loc' && typeof v === 'object') collectColumns(v, columns, subs, depth + 1);
}

function setFacts(root: Node, nameOf: NameOf): { setColumns: string[]; relativeSets: RelativeSet[] } {
  const conflictAction = isNode(root.conflict) && isNode(root.conflict.action) && isNode(root.conflict.action.expr) ? root.conflict.action.expr : null;
  const updatePart = isNode(root.on_duplicate_update) ? list(root.on_duplicate_update.set) : conflictAction?.type === 'update' ? list(conflictAction.set) : [];
  const items = root.type === 'update' ? list(root.set) : updatePart.length ? updatePart : list(root.set);
  const setColumns: string[] = [];
  const relativeSets: RelativeSet[] = [];
  for (const item of items) {
    if (!isNode(item)) continue;
    const col = typeof item.column === 'string' ? item.column : columnOf(item);
    if (!col) continue;
    const name = nameOf(col);
    setColumns.push(name);
    const op = relativeOp(item.value, col.toLowerCase(), 0);
    if (op) relativeSets.push({ column: name, op });
  }
  // An INSERT's column list; a SELECT's `columns` are what it reads, not what it sets.
  if (!items.length && (root.type === 'insert' || root.type === 'replace')) {
    for (const c of list(root.columns)) {
      const col = isNode(c) && c.type === 'column_ref' ? columnOf(c) : text(c);
      if (col) setColumns.push(nameOf(col));
    }
  }
  return { setColumns: [...new Set(setColumns)], relativeSets };
}

/** `col + n`, `col - ?`, `n + col`, `COALESCE(col, 0) + n`, `GREATEST(col - ?, 0)` → the operator. */
function relativeOp(expr: unknown, col: string, depth: number): '+' | '-' | null {
  if (!isNode(expr) || depth > 20) return null;
  if (expr.type === 'function') {
    const fn = functionName(expr);
    if (fn === 'GREATEST' || fn === 'LEAST') {
      for (const a of list(isNode(expr.args) ? expr.args.value : expr.args)) {
        const op = relativeOp(a, col, depth + 1);
        if (op) return op;
      }
    }
    return null;
  }
  if (expr.type !== 'binary_expr' || (expr.operator !== '+' && expr.operator !== '-')) return null;
  const op = expr.operator;
  if (isSameColumn(expr.left, col)) return op;
  const left = relativeOp(expr.left, col, depth + 1);
  if (left) return left;
  if (op === '+' && isSameColumn(expr.right, col)) return '+';
  return null;
}

function isSameColumn(x: unknown, col: string): boolean {
  if (isColumnRef(x)) return columnOf(x)?.toLowerCase() === col;
  if (isNode(x) && x.type === 'function' && ['COALESCE', 'IFNULL', 'NVL', 'ISNULL'].includes(functionName(x))) {
    const first = list(isNode(x.args) ? x.args.value : x.args)[0];
    return isColumnRef(first) && columnOf(first)?.toLowerCase() === col;
  }
  return false;
}
