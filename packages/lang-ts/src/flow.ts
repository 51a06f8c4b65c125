/**
 * Control flow facts the walk needs: which statements always leave the function, and the exits
 * (return/throw/break/continue) whose conditions guard the statements after them.
 */
import type { Deps } from '@tocscan/core';
import { staticPath, unwrap, type Node } from './ast.js';

export interface Exit {
  kind: 'return' | 'throw' | 'break' | 'continue';
  label?: string;
  /** The conditions under which control leaves here. */
  deps: Deps;
}

/** `process.exit(…)` (a call that never returns). */
export function isProcessExit(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'CallExpression' && staticPath(n.callee) === 'process.exit';
}

/** True when the statement always leaves the function (return, throw, `process.exit()`, or every path does). */
export function definitelyExits(s: Node): boolean {
  switch (s.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'ExpressionStatement':
      return isProcessExit(s.expression);
    case 'BlockStatement':
      return s.body.some(definitelyExits);
    case 'IfStatement':
      return !!s.alternate && definitelyExits(s.consequent) && definitelyExits(s.alternate);
    case 'TryStatement':
      return (
        (s.finalizer !== null && definitelyExits(s.finalizer)) ||
        (definitelyExits(s.block) && (s.handler === null || definitelyExits(s.handler.body)))
      );
    case 'LabeledStatement':
      return definitelyExits(s.body);
    default:
      return false;
  }
}

/** Block of statements being walked: `branch` blocks are if/else branches, switch cases and catch clauses. */
export interface BlockCtx {
  stmts: readonly Node[];
  index: number;
  kind: 'body' | 'branch' | 'plain';
}

/**
 * A commit/rollback is terminal when it sits in a branch that always leaves the function from there on
 * (`if (!row) { ROLLBACK; return }`, `catch (e) { ROLLBACK; throw e }`): its effect does not reach later events.
 * `blocks` runs from the function's body (first) to the innermost block (last).
 */
export function isTerminal(blocks: readonly BlockCtx[]): boolean {
  let exitsFrom = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (restExits(blocks[i])) {
      exitsFrom = i;
      break;
    }
  }
  if (exitsFrom < 0) return false;
  for (let i = exitsFrom; i >= 0; i--) if (blocks[i].kind === 'branch') return true;
  return false;
}

function restExits(b: BlockCtx): boolean {
  const here = b.stmts[b.index];
  if (here && (here.type === 'ReturnStatement' || here.type === 'ThrowStatement')) return true;
  return b.stmts.slice(b.index + 1).some(definitelyExits);
}
