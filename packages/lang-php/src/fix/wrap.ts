/**
 * Running the statements from a read to the last write depending on it in one transaction, in the
 * driver's idiom:
 *
 *   PDO, Doctrine DBAL   $pdo->beginTransaction(); try { … $pdo->commit(); } catch (\Throwable $e) { $pdo->rollBack(); throw $e; }
 *   mysqli (object)      $db->begin_transaction(); try { … $db->commit(); } catch (\Throwable $e) { $db->rollback(); throw $e; }
 *   mysqli (procedural)  mysqli_begin_transaction($link); … mysqli_commit($link); … mysqli_rollback($link);
 *   Laravel              DB::transaction(function () use (…) { … });
 *
 * Every `return`, `exit`/`die` and exit call inside commits first (statement idioms); a Laravel closure
 * returns what the function returned (only for the tail of a function body, without exit/die). Every
 * statement in between must run on the same connection, and no helper may be called in between.
 */
import type { DbEvent, FixEdit, QueryEvent, Refusal, WrapResult } from '@tocscan/core';
import { commonSpan, indentLines, indentOf, lineEnd, newline, startsLine } from '@tocscan/core';
import { childNodes, is, type Call, type PhpNode } from '../ast.js';
import { definitelyExits } from './guards.js';
import { varName } from './names.js';
import { end, exprEnd, isFunctionLike, nodesIn, start, type PhpTree } from './tree.js';

export interface WrapContext {
  tree: PhpTree;
  text: string;
  unit: string;
}

/** How a query reaches the database: a method on a connection object, a procedural function taking the link, or the Laravel facade. */
type Connection = { kind: 'object'; conn: string } | { kind: 'link'; conn: string } | { kind: 'facade'; cls: string };

function src(ctx: WrapContext, n: PhpNode): string {
  return ctx.text.slice(start(n), exprEnd(n, ctx.text)).replace(/\s+/g, '');
}

function callParts(call: Call): { fn?: string; method?: string; receiver?: PhpNode; cls?: PhpNode } {
  const what = call.what;
  if (is(what, 'name')) return { fn: what.name.replace(/^.*\\/, '').toLowerCase() };
  if ((is(what, 'propertylookup') || is(what, 'nullsafepropertylookup')) && is(what.offset, 'identifier')) return { method: what.offset.name.toLowerCase(), receiver: what.what };
  if (is(what, 'staticlookup') && is(what.offset, 'identifier')) return { method: what.offset.name.toLowerCase(), cls: what.what };
  return {};
}

/** The statement handle's prepare: the last `$h = X->prepare(…)` / `mysqli_prepare(X, …)` before `before`. */
function prepareOf(fn: PhpNode, handle: string, before: number): Call | undefined {
  let found: Call | undefined;
  for (const n of nodesIn(fn)) {
    if (!is(n, 'assign') || start(n) >= before || varName(n.left) !== handle || !is(n.right, 'call')) continue;
    const p = callParts(n.right);
    if ((p.method === 'prepare' || p.fn === 'mysqli_prepare') && (!found || start(n.right) > start(found))) found = n.right;
  }
  return found;
}

/** The connection an executing call runs on (through the prepare of its statement handle). */
function connectionOf(ctx: WrapContext, fn: PhpNode, call: Call): Connection | undefined {
  let c: Call | undefined = call;
  let p = callParts(c);
  const handle = p.method === 'execute' ? varName(p.receiver) : p.fn === 'mysqli_stmt_execute' ? varName(call.arguments?.[0]) : undefined;
  if (handle) {
    c = prepareOf(fn, handle, start(call));
    if (!c) return undefined;
    p = callParts(c);
  }
  if (p.cls && is(p.cls, 'name')) return { kind: 'facade', cls: p.cls.name };
  if (p.receiver && !is(p.receiver, 'call')) return { kind: 'object', conn: src(ctx, p.receiver) };
  if (p.fn?.startsWith('mysqli_') && c.arguments?.[0]) return { kind: 'link', conn: src(ctx, c.arguments[0]) };
  return undefined;
}

function sameConnection(a: Connection, b: Connection): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'facade' ? a.cls === (b as typeof a).cls : a.conn === (b as typeof a).conn;
}

interface StatementIdiom {
  begin: string;
  commit: string;
  rollback: string;
  name: string;
}

function idiomFor(read: QueryEvent, conn: Connection, writtenConn: string): StatementIdiom | 'closure' | Refusal {
  if (read.driver === 'wpdb' && conn.kind === 'object') {
    const q = (sql: string) => `${writtenConn}->query('${sql}');`;
    return { begin: q('START TRANSACTION'), commit: q('COMMIT'), rollback: q('ROLLBACK'), name: `${writtenConn}->query('START TRANSACTION') … 'COMMIT', 'ROLLBACK' on error` };
  }
  if (conn.kind === 'facade') return read.driver === 'laravel' ? 'closure' : { refused: `no transaction idiom for ${conn.cls}::` };
  if (conn.kind === 'link') {
    return { begin: `mysqli_begin_transaction(${writtenConn});`, commit: `mysqli_commit(${writtenConn});`, rollback: `mysqli_rollback(${writtenConn});`, name: `mysqli_begin_transaction(${writtenConn}) … mysqli_commit(), mysqli_rollback() on error` };
  }
  switch (read.driver) {
    case 'pdo':
    case 'dbal':
      return { begin: `${writtenConn}->beginTransaction();`, commit: `${writtenConn}->commit();`, rollback: `${writtenConn}->rollBack();`, name: `${writtenConn}->beginTransaction() … commit(), rollBack() on error` };
    case 'mysqli':
      return { begin: `${writtenConn}->begin_transaction();`, commit: `${writtenConn}->commit();`, rollback: `${writtenConn}->rollback();`, name: `${writtenConn}->begin_transaction() … commit(), rollback() on error` };
    default:
      return { refused: `no transaction idiom for ${read.driver ?? 'this driver'}` };
  }
}

/** Ways out of the span: `exit` statements (return, exit/die, exit calls) to commit before, and jumps out (refused). */
function exitsOf(stmts: readonly PhpNode[]): { leaves: PhpNode[]; jumpsOut: boolean; dies: boolean } {
  const leaves: PhpNode[] = [];
  let jumpsOut = false;
  let dies = false;
  for (const s of stmts) {
    const stack: { n: PhpNode; loops: number }[] = [{ n: s, loops: 0 }];
    while (stack.length) {
      const { n, loops } = stack.pop()!;
      if (isFunctionLike(n)) continue;
      if (is(n, 'return')) leaves.push(n);
      if (is(n, 'expressionstatement') && definitelyExits(n)) {
        if (!is(n.expression, 'throw')) {
          leaves.push(n);
          dies = true;
        }
      }
      if ((n.kind === 'break' || n.kind === 'continue') && loops === 0) jumpsOut = true;
      if (n.kind === 'yield' || n.kind === 'yieldfrom' || n.kind === 'global' || n.kind === 'static' || n.kind === 'goto') jumpsOut = true;
      const loop = ['for', 'foreach', 'while', 'do', 'switch'].includes(n.kind) ? 1 : 0;
      for (const c of childNodes(n)) stack.push({ n: c, loops: loops + loop });
    }
  }
  return { leaves, jumpsOut, dies };
}

export function wrapInTransaction(ctx: WrapContext, read: QueryEvent, writes: readonly QueryEvent[], events: readonly DbEvent[]): WrapResult | Refusal {
  const { tree, text } = ctx;
  const readCall = tree.callAt(read.loc);
  const writeCalls = writes.map((w) => tree.callAt(w.loc));
  if (!readCall || writeCalls.some((w) => !w)) return { refused: 'the read or a write is not a call tocscan can find' };
  const fn = tree.functionOf(readCall);
  if (!fn || writeCalls.some((w) => tree.functionOf(w!) !== fn)) return { refused: 'the read and the writes are not all statements of one function' };
  const span = commonSpan((n: PhpNode) => tree.listedChain(n), readCall, writeCalls as PhpNode[]);
  if (!span) return { refused: 'the read and the writes are not in one block' };
  const list = span.list.list;
  let first = span.start;
  const conn = connectionOf(ctx, fn, readCall);
  if (!conn) return { refused: 'the read does not run on a connection tocscan can name' };
  // Begin before the read's prepare when only statements on its handle (bind_param, …) stand in between.
  const handle = callParts(readCall).method === 'execute' ? varName(callParts(readCall).receiver) : undefined;
  const prepared = handle ? prepareOf(fn, handle, start(readCall)) : undefined;
  const preparedAt = prepared ? list.findIndex((s) => tree.within(prepared, s)) : -1;
  if (preparedAt >= 0 && preparedAt < first && list.slice(preparedAt + 1, first).every((s) => onHandle(s, handle!))) first = preparedAt;
  const connText = conn.kind === 'facade' ? conn.cls : writtenConnection(ctx, readCall, fn);
  const idiom = idiomFor(read, conn, connText);
  if (typeof idiom !== 'string' && 'refused' in idiom) return idiom;
  // A closure's `return` returns from the closure: a span that returns runs to the end of the body,
  // whose result the function then returns.
  const bodyTail = span.list.owner === (fn as { body?: PhpNode }).body;
  const last = idiom === 'closure' && bodyTail && exitsOf(list.slice(first, span.end + 1)).leaves.length ? list.length - 1 : span.end;
  const stmts = list.slice(first, last + 1);
  const from = start(stmts[0]);
  const to = end(stmts[stmts.length - 1]);
  if (!startsLine(text, from) || text.slice(to, lineEnd(text, to)).trim() !== '') return { refused: 'the statements do not stand on lines of their own' };
  const exits = exitsOf(stmts);
  if (exits.jumpsOut) return { refused: 'a break, continue, yield, global or static statement is in the span' };

  const inSpan = events.filter((e) => e.loc.offset >= from && e.loc.endOffset <= to);
  if (inSpan.some((e) => e.type === 'tx' || e.type === 'lock')) return { refused: 'the code already manages a transaction or lock there' };
  if (inSpan.some((e) => e.type === 'call')) return { refused: 'a helper called in between may run its statements outside the transaction' };
  for (const e of inSpan) {
    const call = tree.callAt(e.loc);
    const c = call && connectionOf(ctx, fn, call);
    if (!c || !sameConnection(c, conn)) return { refused: 'not every statement in between runs on the same connection' };
  }
  const I = indentOf(text, from);
  const U = ctx.unit;
  const nl = newline(text);
  const literals = tree.literals.map((l): [number, number] => [start(l), end(l)]);
  const indent = indentLines(text, from, to, U, literals);
  const lines = { fromLine: stmts[0].loc?.start.line ?? 0, toLine: stmts[stmts.length - 1].loc?.end.line ?? 0 };

  if (idiom === 'closure' && conn.kind === 'facade') {
    const tail = last === list.length - 1 && bodyTail;
    const valued = exits.leaves.some((l) => is(l, 'return') && l.expr);
    if (exits.dies) return { refused: 'exit or die inside a Laravel transaction callback would leave it uncommitted' };
    if (exits.leaves.length && !tail) return { refused: 'the span returns and is not the end of the function' };
    const inside = new Set<string>();
    for (const st of stmts) for (const n of nodesIn(st)) if (varName(n) && !/^\$(_[A-Z]+|GLOBALS)$/.test(varName(n)!)) inside.add(varName(n)!);
    const params = paramNames(fn);
    const outside = [...nodesIn(fn)].filter((n) => varName(n) && (end(n) <= from || start(n) >= to));
    const seenBefore = (v: string) => params.has(v) || outside.some((n) => end(n) <= from && varName(n) === v);
    const seenAfter = (v: string) => outside.some((n) => start(n) >= to && varName(n) === v);
    const uses = [...inside].filter(seenBefore);
    const byRef = [...inside].filter((v) => seenAfter(v) && assignedIn(stmts, v));
    const captured = [...new Set([...uses.filter((v) => !byRef.includes(v)), ...byRef.map((v) => `&${v}`)])];
    const use = captured.length ? ` use (${captured.join(', ')})` : '';
    const open = `${I}${valued ? 'return ' : ''}${conn.cls}::transaction(function ()${use} {${nl}`;
    const edits: FixEdit[] = [{ offset: from - I.length, endOffset: from - I.length, text: open }, ...indent, { offset: to, endOffset: to, text: `${nl}${I}});` }];
    return { edits, idiom: `${conn.cls}::transaction(function ()${use} { … })`, ...lines };
  }

  if (idiom === 'closure') return { refused: 'no transaction idiom for this connection' };
  const edits: FixEdit[] = [{ offset: from - I.length, endOffset: from - I.length, text: `${I}${idiom.begin}${nl}${I}try {${nl}` }, ...indent];
  for (const leave of exits.leaves) edits.push(...commitBefore(tree, leave, idiom.commit, text, U));
  const tailCommit = definitelyExits(stmts[stmts.length - 1]) ? '' : `${nl}${I}${U}${idiom.commit}`;
  edits.push({ offset: to, endOffset: to, text: `${tailCommit}${nl}${I}} catch (\\Throwable $e) {${nl}${I}${U}${idiom.rollback}${nl}${I}${U}throw $e;${nl}${I}}` });
  return { edits, idiom: idiom.name, ...lines };
}

/** `$h->bind_param(…);` and the like: a statement that only calls a method on the statement handle. */
function onHandle(s: PhpNode, handle: string): boolean {
  return is(s, 'expressionstatement') && is(s.expression, 'call') && varName(callParts(s.expression).receiver) === handle;
}

/** The connection as written at the read (`$this->pdo`, `$db`), for the begin/commit calls. */
function writtenConnection(ctx: WrapContext, readCall: Call, fn: PhpNode): string {
  let c: Call = readCall;
  const p = callParts(c);
  const handle = p.method === 'execute' ? varName(p.receiver) : p.fn === 'mysqli_stmt_execute' ? varName(readCall.arguments?.[0]) : undefined;
  if (handle) c = prepareOf(fn, handle, start(readCall)) ?? c;
  const q = callParts(c);
  const n = q.receiver ?? c.arguments?.[0];
  return n ? ctx.text.slice(start(n), exprEnd(n, ctx.text)) : '';
}

function paramNames(fn: PhpNode): Set<string> {
  const params = (fn as unknown as { arguments?: PhpNode[] }).arguments ?? [];
  return new Set(params.map((p) => `$${(p as unknown as { name?: { name?: string } }).name?.name ?? ''}`));
}

function assignedIn(stmts: readonly PhpNode[], v: string): boolean {
  return stmts.some((s) => [...nodesIn(s)].some((n) => is(n, 'assign') && varName(n.left) === v));
}

/** The commit before a return or exit; one that is a branch of its own becomes a block (see lang-ts/src/fix/wrap.ts). */
function commitBefore(tree: PhpTree, leave: PhpNode, commit: string, text: string, unit: string): FixEdit[] {
  const s = start(leave);
  const e = end(leave);
  const nl = newline(text);
  const indent = indentOf(text, s) + unit;
  if (tree.listed(leave)?.stmt === leave) return [{ offset: s, endOffset: s, text: `${commit}${nl}${indent}` }];
  return [
    { offset: s, endOffset: s, text: `{${nl}${indent}${unit}${commit}${nl}${indent}${unit}` },
    { offset: e, endOffset: e, text: `${nl}${indent}}` },
  ];
}
