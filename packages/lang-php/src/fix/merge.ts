/**
 * `if (!$row) { INSERT } else { UPDATE }` (either order): edits that keep only the INSERT's statement
 * in place of the whole `if`, for the upsert that replaces both branches.
 */
import type { FixEdit, InsertOrUpdate, Refusal } from '@tocscan/core';
import { indentOf, lineStart } from '@tocscan/core';
import { is, type PhpNode } from '../ast.js';
import { branchStatements, classifyTest, type GuardContext } from './guards.js';
import { hasEffects } from './effects.js';
import { end, start } from './tree.js';

/**
 * The branch's statements when they only run `call`: its own statement last, before it at most
 * statements without effects (the statement's `prepare()`, `bind_param()`).
 */
function only(ctx: GuardContext, branch: PhpNode | null | undefined, call: PhpNode): PhpNode[] | undefined {
  const stmts = branchStatements(branch);
  const last = stmts[stmts.length - 1];
  if (!last || !ctx.tree.within(call, last)) return undefined;
  const fn = ctx.tree.functionOf(call);
  return fn && stmts.slice(0, -1).every((s) => !hasEffects(fn, start(s), end(s))) ? stmts : undefined;
}

export function keepInsertBranch(ctx: GuardContext, insertCall: PhpNode, updateCall: PhpNode): InsertOrUpdate | Refusal {
  let ifStmt: PhpNode | undefined = ctx.tree.parent(insertCall);
  while (ifStmt && !(is(ifStmt, 'if') && ctx.tree.within(updateCall, ifStmt))) ifStmt = ctx.tree.parent(ifStmt);
  if (!ifStmt || !is(ifStmt, 'if') || !ifStmt.body) return { refused: 'the INSERT and the UPDATE are not the two branches of one if' };
  const insertInThen = ctx.tree.within(insertCall, ifStmt.body);
  const insertStmts = only(ctx, insertInThen ? ifStmt.body : ifStmt.alternate, insertCall);
  const updateStmts = only(ctx, insertInThen ? ifStmt.alternate : ifStmt.body, updateCall);
  if (!insertStmts || !updateStmts) return { refused: 'a branch does more than the INSERT or the UPDATE' };
  const test = classifyTest(ctx, ifStmt.test);
  if (test?.kind !== 'presence' || test.found === insertInThen) return { refused: 'the if does not test whether the row was found' };
  const [is0, ie] = [start(ifStmt), end(ifStmt)];
  const [ss, se] = [start(insertStmts[0]), end(insertStmts[insertStmts.length - 1])];
  const extra = indentOf(ctx.text, ss).slice(indentOf(ctx.text, is0).length);
  const literals = ctx.tree.literals.map((l): [number, number] => [start(l), end(l)]);
  const edits: FixEdit[] = [{ offset: is0, endOffset: ss, text: '' }];
  for (let at = ctx.text.indexOf('\n', ss) + 1; at > 0 && at < se; at = ctx.text.indexOf('\n', at) + 1) {
    const inLiteral = literals.some(([s, e]) => at > s && at < e);
    if (!inLiteral && extra && ctx.text.startsWith(extra, at) && lineStart(ctx.text, at) === at) edits.push({ offset: at, endOffset: at + extra.length, text: '' });
  }
  edits.push({ offset: se, endOffset: ie, text: '' });
  return { keepInsert: edits };
}
