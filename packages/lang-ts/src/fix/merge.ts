/**
 * `if (!row) { INSERT } else { UPDATE }` (either order): edits that keep only the INSERT's statement,
 * in place of the whole `if`, for the upsert that replaces both branches.
 */
import type { FixEdit, InsertOrUpdate, Refusal } from '@tocscan/core';
import { indentOf, lineStart } from '@tocscan/core';
import { range, type Node } from '../ast.js';
import { hasEffects } from './effects.js';
import { classifyTest, type GuardContext } from './guards.js';

/** The branch's statements when they only run `call`: its own statement last, before it only statements without effects. */
function only(ctx: GuardContext, branch: Node | null | undefined, call: Node): Node[] | undefined {
  if (!branch) return undefined;
  const stmts = branch.type === 'BlockStatement' ? branch.body : [branch];
  const last = stmts[stmts.length - 1];
  if (!last || !ctx.tree.within(call, last)) return undefined;
  const fn = ctx.tree.functionOf(call);
  return fn && stmts.slice(0, -1).every((s) => !hasEffects(ctx.tree, fn, ...range(s))) ? stmts : undefined;
}

export function keepInsertBranch(ctx: GuardContext, insertCall: Node, updateCall: Node): InsertOrUpdate | Refusal {
  let ifStmt: Node | undefined = ctx.tree.parent(insertCall);
  while (ifStmt && !(ifStmt.type === 'IfStatement' && ctx.tree.within(updateCall, ifStmt))) ifStmt = ctx.tree.parent(ifStmt);
  if (!ifStmt || ifStmt.type !== 'IfStatement') return { refused: 'the INSERT and the UPDATE are not the two branches of one if' };
  const insertInThen = ctx.tree.within(insertCall, ifStmt.consequent);
  const insertStmts = only(ctx, insertInThen ? ifStmt.consequent : ifStmt.alternate, insertCall);
  const updateStmts = only(ctx, insertInThen ? ifStmt.alternate : ifStmt.consequent, updateCall);
  if (!insertStmts || !updateStmts) return { refused: 'a branch does more than the INSERT or the UPDATE' };
  const test = classifyTest(ctx, ifStmt.test);
  if (test?.kind !== 'presence' || test.found === insertInThen) return { refused: 'the if does not test whether the row was found' };
  const [is, ie] = range(ifStmt);
  const [ss] = range(insertStmts[0]);
  const [, se] = range(insertStmts[insertStmts.length - 1]);
  const extra = indentOf(ctx.source, ss).slice(indentOf(ctx.source, is).length);
  const edits: FixEdit[] = [{ offset: is, endOffset: ss, text: '' }];
  for (let at = ctx.source.indexOf('\n', ss) + 1; at > 0 && at < se; at = ctx.source.indexOf('\n', at) + 1) {
    const inLiteral = ctx.tree.literals.some(([s, e]) => at > s && at < e);
    if (!inLiteral && extra && ctx.source.startsWith(extra, at) && lineStart(ctx.source, at) === at) edits.push({ offset: at, endOffset: at + extra.length, text: '' });
  }
  edits.push({ offset: se, endOffset: ie, text: '' });
  return { keepInsert: edits };
}
