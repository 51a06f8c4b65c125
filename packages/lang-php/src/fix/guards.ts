/**
 * The guards between a read and the write it decides (see lang-ts/src/fix/guards.ts for the shapes):
 *
 *   if (!$product || $product['quantity'] < $qty) { throw … }     exit guard
 *   if ($wallet->balance >= $amount) { …write… } else { return … } enclosing guard
 */
import type { CompareOp, ExitPath, Guard, GuardTerm, GuardValue } from '@tocscan/core';
import { countTerm, dedent, FLIPPED, indentOf, negateTerm } from '@tocscan/core';
import { is, type PhpNode } from '../ast.js';
import { mentions, refOf, type ReadNames } from './names.js';
import { end, nodesIn, start, type ListedStatement, type PhpTree } from './tree.js';

const OPS: Readonly<Record<string, CompareOp>> = { '===': '=', '==': '=', '!==': '<>', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Calls that never return (or throw): `abort()`, `wp_die()`, `wp_send_json_*()`, `die()`/`exit()` are `exit` nodes. */
const EXIT_CALLS = /^(abort|wp_die|wp_send_json|wp_send_json_error|wp_send_json_success|wp_redirect_and_exit)$/i;

export interface GuardContext {
  tree: PhpTree;
  text: string;
  names: ReadNames;
}

function isExitExpression(e: PhpNode | null | undefined): boolean {
  if (!e) return false;
  if (is(e, 'exit') || is(e, 'throw')) return true;
  return is(e, 'call') && is(e.what, 'name') && EXIT_CALLS.test(e.what.name.replace(/^.*\\/, ''));
}

/** The statement always leaves the function (or script). */
export function definitelyExits(s: PhpNode | null | undefined): boolean {
  if (!s) return false;
  if (is(s, 'return') || is(s, 'throw')) return true;
  if (is(s, 'expressionstatement')) return isExitExpression(s.expression);
  if (is(s, 'block')) return s.children.some(definitelyExits);
  if (is(s, 'if')) return !!s.alternate && definitelyExits(s.body) && definitelyExits(s.alternate);
  return false;
}

export function branchStatements(b: PhpNode | null | undefined): PhpNode[] {
  if (!b) return [];
  return is(b, 'block') ? b.children : [b];
}

export function findGuards(ctx: GuardContext, readCall: PhpNode, writeCall: PhpNode): Guard[] | undefined {
  const readAt = ctx.tree.listed(readCall);
  if (!readAt) return undefined;
  const chain = ctx.tree.listedChain(writeCall).reverse();
  const level = chain.findIndex((l) => l.list === readAt.list);
  if (level < 0 || chain[level].index <= readAt.index) return undefined;
  const guards: Guard[] = [];
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
    const g = enclosingGuard(ctx, chain[k].stmt, chain[k + 1]);
    if (g === undefined) return undefined;
    if (g && k + 1 !== chain.length - 1) g.writeLast = false;
    if (g) guards.push(g);
    if (!scan(chain[k + 1], 0)) return undefined;
  }
  return guards;
}

function exitGuard(ctx: GuardContext, s: PhpNode): Guard | null | undefined {
  if (is(s, 'if') && !s.alternate && definitelyExits(s.body)) {
    if (!mentions(s.test, ctx.names.all)) return null;
    return { kind: 'exit', terms: split(s.test, ['||', 'or']).map((t) => classify(ctx, t)), line: s.loc?.start.line ?? 0, exit: exitPath(ctx, s.body!), bodyStart: end(s) };
  }
  return mayLeave(s) ? undefined : null;
}

function enclosingGuard(ctx: GuardContext, outer: PhpNode, inner: ListedStatement): Guard | null | undefined {
  if (is(outer, 'block')) return null;
  if (is(outer, 'try')) return ctx.tree.within(inner.stmt, outer.body) ? null : undefined;
  if (!is(outer, 'if') || !outer.body || !ctx.tree.within(inner.stmt, outer.body)) return undefined;
  if (!mentions(outer.test, ctx.names.all)) return null;
  const listed = ctx.tree.listed(outer);
  const next = listed?.list[listed.index + 1];
  const fallback = outer.alternate ?? (definitelyExits(outer.body) && next && (is(next, 'return') || is(next, 'throw')) ? next : undefined);
  const first = branchStatements(outer.body)[0];
  return {
    kind: 'enclose',
    terms: split(outer.test, ['&&', 'and']).map((t) => classify(ctx, t)),
    line: outer.loc?.start.line ?? 0,
    exit: fallback && definitelyExits(fallback) ? exitPath(ctx, fallback) : undefined,
    bodyStart: first ? start(first) : end(outer.body),
    writeLast: !outer.alternate && inner.index === inner.list.length - 1,
  };
}

function mayLeave(s: PhpNode): boolean {
  for (const n of nodesIn(s)) {
    if (is(n, 'return') || is(n, 'throw') || n.kind === 'break' || n.kind === 'continue' || isExitExpression(n)) return true;
  }
  return false;
}

function split(test: PhpNode, ops: readonly string[]): PhpNode[] {
  if (is(test, 'bin') && ops.includes(test.type)) return [...split(test.left, ops), ...split(test.right, ops)];
  return [test];
}

function exitPath(ctx: GuardContext, body: PhpNode): ExitPath {
  const stmts = branchStatements(body);
  const base = indentOf(ctx.text, start(stmts[0] ?? body));
  return {
    statements: stmts.map((s) => dedent(ctx.text.slice(start(s), end(s)), base)),
    block: is(body, 'block'),
    usesRead: mentions(body, ctx.names.all),
  };
}

/** A whole `if` test that is one term: what it tests. */
export function classifyTest(ctx: GuardContext, test: PhpNode): GuardTerm | undefined {
  if (is(test, 'bin') && ['&&', '||', 'and', 'or'].includes(test.type)) return undefined;
  return classify(ctx, test);
}

function classify(ctx: GuardContext, term: PhpNode): GuardTerm {
  if (is(term, 'unary') && term.type === '!') return negateTerm(classify(ctx, term.what));
  if (term.kind === 'empty') {
    const ref = refOf((term as unknown as { expression: PhpNode }).expression, ctx.names);
    return ref && ref.kind !== 'column' ? { kind: 'presence', found: false } : { kind: 'opaque' };
  }
  if (term.kind === 'isset') {
    const vars = (term as unknown as { variables: PhpNode[] }).variables;
    const ref = vars.length === 1 ? refOf(vars[0], ctx.names) : undefined;
    if (ref?.kind === 'row') return { kind: 'presence', found: true };
    return ref?.kind === 'column' ? { kind: 'null', column: ref.column, isNull: false } : { kind: 'opaque' };
  }
  if (is(term, 'call') && is(term.what, 'name') && /^is_null$/i.test(term.what.name) && term.arguments.length === 1) {
    const ref = refOf(term.arguments[0], ctx.names);
    if (ref?.kind === 'row') return { kind: 'presence', found: false };
    return ref?.kind === 'column' ? { kind: 'null', column: ref.column, isNull: true } : { kind: 'opaque' };
  }
  if (is(term, 'bin') && OPS[term.type]) return comparison(ctx, term.left, OPS[term.type], term.right, !['===', '!=='].includes(term.type));
  const ref = refOf(term, ctx.names);
  if (ref?.kind === 'row' || ref?.kind === 'count') return { kind: 'presence', found: true };
  return { kind: 'opaque' };
}

/** `null`, `true`, `false` (php-parser: a nullkeyword, booleans, or names), lower-cased. */
function constantName(n: PhpNode): string | undefined {
  if (n.kind === 'nullkeyword') return 'null';
  if (is(n, 'boolean')) return String(n.value);
  return is(n, 'name') ? n.name.toLowerCase() : undefined;
}

/** `loose`: `==`, `!=`, `<>` (PHP's loose comparison with null also matches 0, '' and false). */
function comparison(ctx: GuardContext, left: PhpNode, op: CompareOp, right: PhpNode, loose: boolean): GuardTerm {
  const l = refOf(left, ctx.names);
  const r = refOf(right, ctx.names);
  if (l?.kind === 'column' && r?.kind === 'column') return { kind: 'compare', column: l.column, op, value: { kind: 'column', column: r.column } };
  if (l && r) return { kind: 'opaque' };
  const ref = l ?? r;
  const other = l ? right : left;
  const o = l ? op : FLIPPED[op];
  if (!ref || mentions(other, ctx.names.all)) return { kind: 'opaque' };
  const c = constantName(other);
  const nullish = c === 'null' || (c === 'false' && ref.kind === 'row');
  if (ref.kind === 'row' && nullish && (o === '=' || o === '<>')) return { kind: 'presence', found: o === '<>' };
  if (ref.kind === 'row' || ref.kind === 'count') return is(other, 'number') ? countTerm(o, Number(other.value)) : { kind: 'opaque' };
  if (c === 'null') return !loose && (o === '=' || o === '<>') ? { kind: 'null', column: ref.column, isNull: o === '=' } : { kind: 'opaque' };
  const value = guardValue(ctx, other);
  return value ? { kind: 'compare', column: ref.column, op: o, value } : { kind: 'opaque' };
}

const VALUE_KINDS = new Set(['variable', 'propertylookup', 'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'identifier', 'name', 'number', 'string', 'cast', 'bin', 'unary']);

function guardValue(ctx: GuardContext, v: PhpNode): GuardValue | undefined {
  if (is(v, 'number')) return { kind: 'number', text: v.value };
  if (is(v, 'string')) return { kind: 'string', value: v.value, source: ctx.text.slice(start(v), end(v)) };
  if (is(v, 'unary') && v.type === '-' && is(v.what, 'number')) return { kind: 'number', text: `-${v.what.value}` };
  for (const n of nodesIn(v, true)) if (!VALUE_KINDS.has(n.kind) || (is(n, 'variable') && n.name === 'this' && v === n)) return undefined;
  return { kind: 'expr', source: ctx.text.slice(start(v), end(v)) };
}
