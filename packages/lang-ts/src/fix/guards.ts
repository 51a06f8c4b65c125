/**
 * The guards between a read and the write it decides, in the shapes the fixes rewrite:
 *
 *   const { rows } = await pool.query('SELECT qty …');      read
 *   if (!rows[0] || rows[0].qty < n) throw new Error(…);     exit guard: `||` of terms, leaves
 *   if (card.balance >= amount) { …write… }                  enclosing guard: `&&` of terms
 *
 * Anything between them that could leave the function some other way, loops, or a write in another
 * function than the read make the shape unknown (undefined).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { CompareOp, ExitPath, Guard, GuardTerm, GuardValue } from '@tocscan/core';
import { countTerm, dedent, FLIPPED, indentOf, negateTerm } from '@tocscan/core';
import { range, unwrap, type Node } from '../ast.js';
import { definitelyExits } from '../flow.js';
import { CONTAINERS, columnOfChain, isRowChain, memberKey, mentions, rootName, type ReadNames } from './names.js';
import { nodesIn, type ListedStatement, type Tree } from './tree.js';

const OPS: Readonly<Record<string, CompareOp>> = { '===': '=', '==': '=', '!==': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export interface GuardContext {
  tree: Tree;
  source: string;
  names: ReadNames;
}

/** Guards deciding `write` after `read` (both calls), outermost first; undefined when the shape is not understood. */
export function findGuards(ctx: GuardContext, readCall: Node, writeCall: Node): Guard[] | undefined {
  const readAt = ctx.tree.listed(readCall);
  if (!readAt) return undefined;
  const chain = ctx.tree.listedChain(writeCall).reverse();
  const level = chain.findIndex((l) => l.list === readAt.list);
  if (level < 0 || chain[level].index <= readAt.index) return undefined;
  const guards: Guard[] = [];
  const innermost = chain[chain.length - 1];
  const scan = (l: ListedStatement, from: number): boolean => {
    for (let i = from; i < l.index; i++) {
      const g = exitGuard(ctx, l.list[i]);
      if (g === null) continue;
      if (!g) return false;
      guards.push(g);
    }
    return true;
  };
  if (!scan(chain[level], readAt.index + 1)) return undefined;
  for (let k = level; k < chain.length - 1; k++) {
    const outer = chain[k].stmt;
    const inner = chain[k + 1];
    const g = enclosingGuard(ctx, outer, inner);
    if (g === undefined) return undefined;
    if (g && inner !== innermost) g.writeLast = false;
    if (g) guards.push(g);
    if (!scan(inner, 0)) return undefined;
  }
  return guards;
}

/**
 * A statement between read and write: an exit guard (`if (test) <leaves>` on the read), null when it
 * is not a guard and cannot leave, undefined when it may leave in a way the fixes do not model.
 */
function exitGuard(ctx: GuardContext, s: Node): Guard | null | undefined {
  if (s.type === 'IfStatement' && !s.alternate && definitelyExits(s.consequent)) {
    if (!mentions(s.test, ctx.names.all)) return null;
    return {
      kind: 'exit',
      terms: split(s.test, '||').map((t) => classify(ctx, t)),
      line: s.loc.start.line,
      exit: exitPath(ctx, s.consequent),
      bodyStart: range(s)[1],
    };
  }
  return mayLeave(s) ? undefined : null;
}

/** `outer` holds the write's ancestor `inner` in one of its branches: the guard it makes, null when it is no read guard, undefined when unknown. */
function enclosingGuard(ctx: GuardContext, outer: Node, inner: ListedStatement): Guard | null | undefined {
  if (outer.type === 'BlockStatement') return null;
  if (outer.type === 'TryStatement') return ctx.tree.within(inner.stmt, outer.block) ? null : undefined;
  if (outer.type !== 'IfStatement' || !ctx.tree.within(inner.stmt, outer.consequent)) return undefined;
  if (!mentions(outer.test, ctx.names.all)) return null;
  const listed = ctx.tree.listed(outer);
  const next = listed?.list[listed.index + 1];
  const fallback = outer.alternate ?? (definitelyExits(outer.consequent) && next && isSimpleExit(next) ? next : undefined);
  return {
    kind: 'enclose',
    terms: split(outer.test, '&&').map((t) => classify(ctx, t)),
    line: outer.loc.start.line,
    exit: fallback && definitelyExits(fallback) ? exitPath(ctx, fallback) : undefined,
    bodyStart: range(outer.consequent)[0] + (outer.consequent.type === 'BlockStatement' ? 1 : 0),
    writeLast: !outer.alternate && inner.index === inner.list.length - 1,
  };
}

function isSimpleExit(s: Node): boolean {
  return s.type === 'ReturnStatement' || s.type === 'ThrowStatement';
}

/** Whether a statement contains a way out of the function (return/throw/break/continue) outside nested functions. */
function mayLeave(s: Node): boolean {
  for (const n of nodesIn(s)) {
    if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement') return true;
    if (n.type === 'CallExpression' && unwrap(n.callee).type === 'MemberExpression') {
      const c = unwrap(n.callee) as TSESTree.MemberExpression;
      if (unwrap(c.object).type === 'Identifier' && (unwrap(c.object) as TSESTree.Identifier).name === 'process' && memberKey(c) === 'exit') return true;
    }
  }
  return false;
}

function split(test: Node, op: '||' | '&&'): Node[] {
  const e = unwrap(test);
  if (e.type === 'LogicalExpression' && e.operator === op) return [...split(e.left, op), ...split(e.right, op)];
  return [e];
}

function exitPath(ctx: GuardContext, body: Node): ExitPath {
  const stmts = body.type === 'BlockStatement' ? body.body : [body];
  const base = indentOf(ctx.source, range(stmts[0] ?? body)[0]);
  return {
    statements: stmts.map((s) => dedent(ctx.source.slice(...range(s)), base)),
    block: body.type === 'BlockStatement',
    usesRead: mentions(body, ctx.names.all),
  };
}

/** Continuation lines of a statement lose the first line's indentation (the copy is re-indented where it goes). */
/** One operand of a guard's test. */
function classify(ctx: GuardContext, term: Node): GuardTerm {
  const e = unwrap(term);
  if (e.type === 'UnaryExpression' && e.operator === '!') return negateTerm(classify(ctx, e.argument));
  if (e.type === 'BinaryExpression' && OPS[e.operator]) return comparison(ctx, e.left as Node, OPS[e.operator], e.right);
  const ref = rowRef(ctx, e);
  if (ref?.kind === 'row' || ref?.kind === 'count') return { kind: 'presence', found: true };
  if (ref?.kind === 'column' && /_(at|on)$/i.test(ref.column)) return { kind: 'null', column: ref.column, isNull: false };
  return { kind: 'opaque' };
}

type Ref = { kind: 'row' } | { kind: 'count' } | { kind: 'column'; column: string };

/** What a read-derived expression is: the row (or rows), a count of rows, or one column. */
function rowRef(ctx: GuardContext, n: Node): Ref | undefined {
  const e = unwrap(n);
  const root = rootName(e);
  if (root === undefined || !ctx.names.all.has(root)) return undefined;
  if (e.type === 'Identifier') {
    const column = ctx.names.columns.get(e.name);
    return column ? { kind: 'column', column } : { kind: 'row' };
  }
  if (e.type !== 'MemberExpression') return undefined;
  const key = memberKey(e);
  if ((key === 'length' || key === 'rowCount') && isRowChain(e.object)) return { kind: 'count' };
  if (isRowChain(e)) return { kind: 'row' };
  const column = columnOfChain(e, ctx.names.all);
  return column && !CONTAINERS.has(column) ? { kind: 'column', column } : undefined;
}

function comparison(ctx: GuardContext, left: Node, op: CompareOp, right: Node): GuardTerm {
  const l = rowRef(ctx, left);
  const r = rowRef(ctx, right);
  if (l?.kind === 'column' && r?.kind === 'column') return { kind: 'compare', column: l.column, op, value: { kind: 'column', column: r.column } };
  if (l && r) return { kind: 'opaque' };
  const ref = l ?? r;
  const other = l ? right : left;
  const o = l ? op : FLIPPED[op];
  if (!ref || mentions(other, ctx.names.all)) return { kind: 'opaque' };
  const v = unwrap(other);
  const isNullish = (v.type === 'Literal' && v.value === null) || (v.type === 'Identifier' && v.name === 'undefined');
  if (ref.kind === 'row' && isNullish && (o === '=' || o === '<>')) return { kind: 'presence', found: o === '<>' };
  if (ref.kind === 'count' || ref.kind === 'row') return v.type === 'Literal' && typeof v.value === 'number' ? countTerm(o, v.value) : { kind: 'opaque' };
  if (isNullish) return o === '=' || o === '<>' ? { kind: 'null', column: ref.column, isNull: o === '=' } : { kind: 'opaque' };
  const value = guardValue(ctx, v);
  return value ? { kind: 'compare', column: ref.column, op: o, value } : { kind: 'opaque' };
}

/** `rows.length === 0`, `count > 0`: whether rows were found. */
/** A compared value that can go into SQL: a literal, or an expression free of calls and of the read. */
function guardValue(ctx: GuardContext, v: Node): GuardValue | undefined {
  if (v.type === 'Literal' && typeof v.value === 'number') return { kind: 'number', text: String(v.value) };
  if (v.type === 'Literal' && typeof v.value === 'string') return { kind: 'string', value: v.value, source: ctx.source.slice(...range(v)) };
  if (v.type === 'UnaryExpression' && v.operator === '-' && unwrap(v.argument).type === 'Literal') {
    const lit = unwrap(v.argument) as TSESTree.Literal;
    if (typeof lit.value === 'number') return { kind: 'number', text: `-${lit.value}` };
  }
  for (const n of nodesIn(v, true)) {
    if (!['Identifier', 'MemberExpression', 'Literal', 'ThisExpression', 'PrivateIdentifier', 'TSAsExpression', 'TSNonNullExpression', 'BinaryExpression', 'UnaryExpression'].includes(n.type)) {
      return undefined;
    }
  }
  return { kind: 'expr', source: ctx.source.slice(...range(v)) };
}

/** A whole `if` test that is one term (no `||` / `&&`): what it tests. */
export function classifyTest(ctx: GuardContext, test: Node): GuardTerm | undefined {
  const e = unwrap(test);
  if (e.type === 'LogicalExpression') return undefined;
  return classify(ctx, e);
}
