/**
 * Running the statements from a read to the last write depending on it in one transaction, in the
 * driver's idiom:
 *
 *   pg pool        const client = await pool.connect(); try { BEGIN … COMMIT } catch { ROLLBACK; throw } finally { release }
 *   pg client      await client.query('BEGIN'); try { … COMMIT } catch { ROLLBACK; throw }
 *   mysql2 pool    const conn = await pool.getConnection(); try { beginTransaction() … commit() } catch { rollback(); throw } finally { release }
 *   knex           await db.transaction(async (trx) => { … })   (db.raw → trx.raw)
 *   postgres.js    await sql.begin(async (sql) => { … })
 *
 * The span is a run of statements of one block; it grows to the end of the block when a name it
 * declares is used after it. Every `return` inside commits first (statement idioms) or returns from
 * the callback, whose result the function returns (callback idioms, only for the tail of a body).
 * Statements on another connection (a helper call, another receiver) in the span: refused, since
 * they would not see the transaction, and could wait for its locks.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { DbEvent, FixEdit, QueryEvent, Refusal, WrapResult } from '@tocscan/core';
import { isPoolName, poolKindOf, type PoolKind } from '../pools.js';
import { commonSpan, freshName, indentLines, indentOf, lineEnd, newline, startsLine } from '@tocscan/core';
import { range, staticPath, unwrap, type Node } from '../ast.js';
import { definitelyExits } from '../flow.js';
import { mentions } from './names.js';
import { isFunctionNode, nodesIn, type Tree } from './tree.js';

export interface WrapContext {
  tree: Tree;
  text: string;
  unit: string;
}

type Idiom =
  | { kind: 'statement'; begin: (c: string) => string; connect?: (c: string) => string; commit: (c: string) => string; rollback: (c: string) => string; release?: (c: string) => string; conn?: string; name: string }
  | { kind: 'callback'; open: (r: string, c: string) => string; conn: string; rename: boolean; name: string };

const PG_TX = {
  begin: (c: string) => `await ${c}.query('BEGIN');`,
  commit: (c: string) => `await ${c}.query('COMMIT');`,
  rollback: (c: string) => `await ${c}.query('ROLLBACK');`,
};
const MYSQL_TX = {
  begin: (c: string) => `await ${c}.beginTransaction();`,
  commit: (c: string) => `await ${c}.commit();`,
  rollback: (c: string) => `await ${c}.rollback();`,
};

/** The receiver a query call runs on (`pool` in `pool.query(…)`), or the tag of a tagged template. */
function receiverOf(call: Node): Node | undefined {
  if (call.type === 'TaggedTemplateExpression') return call.tag;
  if (call.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' ? callee.object : undefined;
}

/** `const name = await <x>.<method>()` declared in `fn`. */
function declaredFrom(fn: Node, name: string, method: string): boolean {
  for (const n of nodesIn(fn)) {
    if (n.type !== 'VariableDeclarator' || n.id.type !== 'Identifier' || n.id.name !== name || !n.init) continue;
    const init = unwrap(n.init);
    const call = init.type === 'AwaitExpression' ? unwrap(init.argument) : undefined;
    return call?.type === 'CallExpression' && unwrap(call.callee).type === 'MemberExpression' && staticPath(unwrap(call.callee))?.endsWith(`.${method}`) === true;
  }
  return false;
}

/** `receiver` is a pool of `kind` (../pools.ts): named so, or declared in the file from that driver's factory. */
function looksLikePool(tree: Tree, receiver: string, kind: PoolKind): boolean {
  if (isPoolName(receiver.split('.').pop() ?? '')) return true;
  for (const n of nodesIn(tree.program, true)) {
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === receiver && n.init && poolKindOf(n.init) === kind) return true;
  }
  return false;
}

function idiomFor(tree: Tree, fn: Node, read: QueryEvent, receiver: string, fresh: (base: string) => string): Idiom | Refusal {
  switch (read.driver) {
    case 'pg':
      if (declaredFrom(fn, receiver, 'connect')) return { kind: 'statement', ...PG_TX, name: `${receiver}.query('BEGIN') … COMMIT, ROLLBACK on error` };
      if (!looksLikePool(tree, receiver, 'pg')) return { refused: `\`${receiver}\` is not a pg Pool tocscan can take a client from` };
      return {
        kind: 'statement',
        ...PG_TX,
        conn: fresh('client'),
        connect: (c) => `const ${c} = await ${receiver}.connect();`,
        release: (c) => `${c}.release();`,
        name: `const client = await ${receiver}.connect(); BEGIN … COMMIT, ROLLBACK on error, release() in finally`,
      };
    case 'mysql2':
      if (declaredFrom(fn, receiver, 'getConnection')) return { kind: 'statement', ...MYSQL_TX, name: `${receiver}.beginTransaction() … commit(), rollback() on error` };
      if (!looksLikePool(tree, receiver, 'mysql')) return { refused: `\`${receiver}\` is not a mysql2 pool tocscan can take a connection from` };
      return {
        kind: 'statement',
        ...MYSQL_TX,
        conn: fresh('conn'),
        connect: (c) => `const ${c} = await ${receiver}.getConnection();`,
        release: (c) => `${c}.release();`,
        name: `const conn = await ${receiver}.getConnection(); beginTransaction() … commit(), rollback() on error, release() in finally`,
      };
    case 'knex': {
      const trx = fresh('trx');
      return { kind: 'callback', open: (r, c) => `${r}.transaction(async (${c}) => {`, conn: trx, rename: true, name: `${receiver}.transaction(async (${trx}) => { … })` };
    }
    case 'postgres':
      return { kind: 'callback', open: (r) => `${r}.begin(async (${r}) => {`, conn: receiver, rename: false, name: `${receiver}.begin(async (${receiver}) => { … })` };
    default:
      return { refused: `no transaction idiom for ${read.driver ?? 'this driver'}` };
  }
}

/** Names declared by the statements (their own declarations, not nested blocks'). */
function declaredNames(stmts: readonly Node[]): Set<string> {
  const out = new Set<string>();
  const add = (p: Node | null | undefined) => {
    if (!p) return;
    for (const n of nodesIn(p)) if (n.type === 'Identifier') out.add(n.name);
  };
  for (const s of stmts) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations) add(d.id);
    if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) out.add(s.id.name);
  }
  return out;
}

/** A jump (break/continue) inside the span whose target is outside it. */
function jumpsOut(stmts: readonly Node[]): boolean {
  for (const s of stmts) {
    const stack: { n: Node; loops: number; switches: number }[] = [{ n: s, loops: 0, switches: 0 }];
    while (stack.length) {
      const { n, loops, switches } = stack.pop()!;
      if (isFunctionNode(n)) continue;
      if (n.type === 'BreakStatement' && (n.label || loops + switches === 0)) return true;
      if (n.type === 'ContinueStatement' && (n.label || loops === 0)) return true;
      if (n.type === 'YieldExpression') return true;
      const loop = /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(n.type) ? 1 : 0;
      const sw = n.type === 'SwitchStatement' ? 1 : 0;
      for (const c of childNodes(n)) stack.push({ n: c, loops: loops + loop, switches: switches + sw });
    }
  }
  return false;
}

function childNodes(n: Node): Node[] {
  const out: Node[] = [];
  for (const key in n) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    const v = (n as unknown as Record<string, unknown>)[key];
    for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && typeof (c as Node).type === 'string' && 'range' in c) out.push(c as Node);
  }
  return out;
}

function returnsIn(stmts: readonly Node[]): TSESTree.ReturnStatement[] {
  return stmts.flatMap((s) => [...nodesIn(s)].filter((n): n is TSESTree.ReturnStatement => n.type === 'ReturnStatement'));
}

export function wrapInTransaction(ctx: WrapContext, read: QueryEvent, writes: readonly QueryEvent[], events: readonly DbEvent[]): WrapResult | Refusal {
  const { tree, text } = ctx;
  const readCall = tree.callAt(read.loc);
  const writeCalls = writes.map((w) => tree.callAt(w.loc));
  if (!readCall || writeCalls.some((w) => !w)) return { refused: 'the read or a write is not a call tocscan can find' };
  const fn = tree.functionOf(readCall);
  if (!fn || !fn.async || writeCalls.some((w) => tree.functionOf(w!) !== fn)) return { refused: 'the read and the writes are not all statements of one async function' };
  const span = commonSpan((n: Node) => tree.listedChain(n), readCall, writeCalls as Node[]);
  if (!span) return { refused: 'the read and the writes are not in one block' };
  const list = span.list.list;
  const receiverNode = receiverOf(readCall);
  const receiver = receiverNode && staticPath(receiverNode);
  if (!receiver) return { refused: 'the read does not run on a named connection' };
  const fnText = text.slice(...range(fn));
  const idiom = idiomFor(tree, fn, read, receiver, (base) => freshName(base, fnText));
  if ('refused' in idiom) return idiom;

  // The span grows to the end of the block when a name it declares is used after it, and (callback
  // idioms, where a `return` inside returns from the callback) when it returns: the function then
  // returns what the callback does.
  let end = span.end;
  const declared = declaredNames(list.slice(span.start, end + 1));
  const bodyTail = span.list.owner === fn.body;
  const returning = returnsIn(list.slice(span.start, end + 1)).length > 0;
  if ((declared.size && list.slice(end + 1).some((s) => mentions(s, declared))) || (idiom.kind === 'callback' && returning && bodyTail)) end = list.length - 1;
  const stmts = list.slice(span.start, end + 1);
  if (jumpsOut(stmts)) return { refused: 'a break, continue or yield leaves the span' };
  const first = stmts[0];
  const last = stmts[stmts.length - 1];
  const [from] = range(first);
  const [, to] = range(last);
  if (!startsLine(text, from) || text.slice(to, lineEnd(text, to)).trim() !== '') return { refused: 'the statements do not stand on lines of their own' };

  const inSpan = events.filter((e) => e.loc.offset >= from && e.loc.endOffset <= to);
  if (inSpan.some((e) => e.type === 'tx' || e.type === 'lock')) return { refused: 'the code already manages a transaction or lock there' };
  if (inSpan.some((e) => e.type === 'call')) return { refused: 'a helper called in between would run its statements outside the transaction' };
  const calls = inSpan.map((e) => tree.callAt(e.loc));
  if (calls.some((c) => !c || staticPath(receiverOf(c) ?? c) !== receiver)) return { refused: `not every statement in between runs on \`${receiver}\`` };

  const I = indentOf(text, from);
  const U = ctx.unit;
  const nl = newline(text);
  const indent = indentLines(text, from, to, U, tree.literals);
  const returns = returnsIn(stmts);

  if (idiom.kind === 'callback') {
    const tail = end === list.length - 1 && bodyTail;
    if ((returns.length || end !== span.end) && !tail) return { refused: 'the span returns or declares names used later, and is not the end of the function' };
    const valued = returns.some((r) => r.argument);
    const open = idiom.open(receiver, idiom.conn);
    const edits: FixEdit[] = [{ offset: from - I.length, endOffset: from - I.length, text: `${I}${valued ? 'return ' : 'await '}${open}${nl}` }, ...indent];
    edits.push({ offset: to, endOffset: to, text: `${nl}${I}});` });
    if (idiom.rename) for (const c of calls) edits.push(replaceReceiver(c!, idiom.conn));
    return { edits, idiom: idiom.name, fromLine: first.loc.start.line, toLine: last.loc.end.line };
  }

  const c = idiom.conn ?? receiver;
  const head = idiom.connect ? `${I}${idiom.connect(c)}${nl}${I}try {${nl}${I}${U}${idiom.begin(c)}${nl}` : `${I}${idiom.begin(c)}${nl}${I}try {${nl}`;
  const edits: FixEdit[] = [{ offset: from - I.length, endOffset: from - I.length, text: head }, ...indent];
  for (const r of returns) edits.push(...commitBefore(tree, r, idiom.commit(c), text, U));
  const tailCommit = definitelyExits(last) ? '' : `${nl}${I}${U}${idiom.commit(c)}`;
  const release = idiom.release ? ` finally {${nl}${I}${U}${idiom.release(c)}${nl}${I}}` : '';
  edits.push({ offset: to, endOffset: to, text: `${tailCommit}${nl}${I}} catch (error) {${nl}${I}${U}${idiom.rollback(c)}${nl}${I}${U}throw error;${nl}${I}}${release}` });
  if (idiom.conn) for (const call of calls) edits.push(replaceReceiver(call!, c));
  return { edits, idiom: idiom.name, fromLine: first.loc.start.line, toLine: last.loc.end.line };
}

function replaceReceiver(call: Node, name: string): FixEdit {
  const [s, e] = range(receiverOf(call)!);
  return { offset: s, endOffset: e, text: name };
}

/**
 * `COMMIT` before a `return`; a return that is a branch of its own (`if (!row) return false;`) becomes
 * a block. Every line of the span moves one level in, so the new lines get the return's indentation
 * plus one level (plus another inside the new block).
 */
function commitBefore(tree: Tree, r: TSESTree.ReturnStatement, commit: string, text: string, unit: string): FixEdit[] {
  const [s, e] = range(r);
  const nl = newline(text);
  const indent = indentOf(text, s) + unit;
  if (tree.listed(r)?.stmt === r) return [{ offset: s, endOffset: s, text: `${commit}${nl}${indent}` }];
  return [
    { offset: s, endOffset: s, text: `{${nl}${indent}${unit}${commit}${nl}${indent}${unit}` },
    { offset: e, endOffset: e, text: `${nl}${indent}}` },
  ];
}
