/**
 * Statements: control flow. Branches run on copies of the variable state and are joined after; a
 * branch that always leaves (return/throw/exit/die, or continue/break) does not flow into the join.
 * Loop bodies run once.
 */
import { is } from './ast.js';
import type { Block, PhpNode } from './ast.js';
import { isExitCall } from './calls.js';
import type { Env, Interp } from './interp.js';
import { EMPTY, derive, joinVals, union } from './value.js';

/** How control leaves a statement: falls through, jumps out of a loop (continue/break), or leaves the function. */
export type Flow = 'next' | 'jump' | 'leave';

export function block(ip: Interp, nodes: readonly PhpNode[] | undefined | null): Flow {
  for (const n of nodes ?? []) {
    const flow = stmt(ip, n);
    if (flow !== 'next') return flow;
  }
  return 'next';
}

/** A branch body: a block or a single statement. */
function branch(ip: Interp, node: PhpNode | null | undefined): Flow {
  if (!node) return 'next';
  return is(node, 'block') ? block(ip, node.children) : stmt(ip, node);
}

/** A branch whose commits/rollbacks are terminal when it always leaves the unit. */
function terminalBranch(ip: Interp, node: PhpNode | null | undefined): Flow {
  const mark = ip.log.size;
  const flow = branch(ip, node);
  if (flow === 'leave' && !ip.inCallback()) ip.log.markTerminal(mark);
  return flow;
}

export function stmt(ip: Interp, node: PhpNode): Flow {
  switch (node.kind) {
    case 'expressionstatement': {
      const expr = (node as { expression?: PhpNode }).expression;
      if (!expr) return 'next';
      ip.eval(expr);
      if (is(expr, 'exit') || is(expr, 'throw') || (is(expr, 'call') && isExitCall(ip, expr))) return 'leave';
      return 'next';
    }
    case 'block':
    case 'namespace':
    case 'declare':
      return block(ip, (node as Block).children);
    case 'if':
      return ifStmt(ip, node);
    case 'while':
      if (is(node, 'while')) {
        const test = ip.eval(node.test);
        ip.log.markCondition(test);
        ip.underCondition(test, () => loop(ip, () => branch(ip, node.body)));
      }
      return 'next';
    case 'do':
      if (is(node, 'do')) {
        loop(ip, () => branch(ip, node.body));
        ip.log.markCondition(ip.eval(node.test));
      }
      return 'next';
    case 'for':
      if (is(node, 'for')) {
        for (const e of node.init ?? []) ip.eval(e);
        const test = union(...(node.test ?? []).map((e) => ip.eval(e)));
        ip.log.markCondition(test);
        ip.underCondition(test, () =>
          loop(ip, () => {
            branch(ip, node.body);
            for (const e of node.increment ?? []) ip.eval(e);
          }),
        );
      }
      return 'next';
    case 'foreach':
      if (is(node, 'foreach')) {
        // Iterating over rows read is data flow, not a decision: each element carries the source's deps,
        // and only conditions on them guard (copying rows read into INSERTs is not insert-if-absent).
        const source = ip.eval(node.source);
        loop(ip, () => {
          const element = derive(source);
          if (node.key) ip.assign(node.key, element);
          if (node.value) ip.assign(node.value, element);
          branch(ip, node.body);
        });
      }
      return 'next';
    case 'switch':
      if (is(node, 'switch')) {
        const test = ip.eval(node.test);
        ip.log.markCondition(test);
        ip.underCondition(test, () =>
          loop(ip, () => {
            for (const c of node.body?.children ?? []) {
              if (!is(c, 'case')) continue;
              if (c.test) ip.log.markCondition(ip.eval(c.test));
              terminalBranch(ip, c.body);
            }
          }),
        );
      }
      return 'next';
    case 'try':
      return tryStmt(ip, node);
    case 'return': {
      const expr = (node as { expr?: PhpNode | null }).expr;
      ip.returnValue(expr ? ip.eval(expr) : EMPTY);
      ip.leave('return');
      return 'leave';
    }
    case 'throw':
      ip.eval((node as { what?: PhpNode }).what);
      ip.leave('unit');
      return 'leave';
    case 'break':
    case 'continue':
      ip.leave('loop');
      return 'jump';
    case 'global':
    case 'function':
    case 'class':
    case 'interface':
    case 'trait':
    case 'enum':
    case 'usegroup':
    case 'constantstatement':
    case 'label':
    case 'goto':
    case 'noop':
    case 'inline':
      return 'next';
    case 'static':
      if (is(node, 'static')) {
        for (const v of node.variables ?? []) {
          if (is(v, 'staticvariable') && v.defaultValue) ip.assign(v.variable, ip.eval(v.defaultValue));
        }
      }
      return 'next';
    default:
      ip.eval(node);
      return 'next';
  }
}

function ifStmt(ip: Interp, node: PhpNode): Flow {
  if (!is(node, 'if')) return 'next';
  const test = ip.eval(node.test);
  ip.log.markCondition(test);
  const pre = ip.env;
  const [thenFlow, thenEnv, elseFlow, elseEnv] = ip.underCondition(test, () => {
    ip.env = new Map(pre);
    const tf = terminalBranch(ip, node.body);
    const te = ip.env;
    ip.env = new Map(pre);
    const ef = node.alternate ? (is(node.alternate, 'if') ? ifStmt(ip, node.alternate) : terminalBranch(ip, node.alternate)) : 'next';
    return [tf, te, ef, ip.env] as const;
  });
  const live = [thenFlow === 'next' ? thenEnv : undefined, elseFlow === 'next' ? elseEnv : undefined].filter((e): e is Env => !!e);
  ip.env = joinEnvs(pre, live);
  if (thenFlow === 'next' || elseFlow === 'next') return 'next';
  return thenFlow === 'leave' && elseFlow === 'leave' ? 'leave' : 'jump';
}

function tryStmt(ip: Interp, node: PhpNode): Flow {
  if (!is(node, 'try')) return 'next';
  const pre = ip.env;
  ip.env = new Map(pre);
  const tryFlow = block(ip, node.body?.children);
  const afterTry = ip.env;
  const flows: Flow[] = [tryFlow];
  const live: Env[] = tryFlow === 'next' ? [afterTry] : [];
  for (const c of node.catches ?? []) {
    ip.env = new Map(afterTry);
    if (c.variable) ip.assign(c.variable, EMPTY);
    const f = terminalBranch(ip, c.body);
    flows.push(f);
    if (f === 'next') live.push(ip.env);
  }
  ip.env = joinEnvs(pre, live);
  const always = node.always ? block(ip, node.always.children) : 'next';
  if (always !== 'next') return always;
  if (flows.every((f) => f === 'leave')) return 'leave';
  return flows.every((f) => f !== 'next') ? 'jump' : 'next';
}

/** A loop body: runs under a loop scope (for break/continue) and may not run at all. */
function loop(ip: Interp, body: () => void): void {
  const pre = ip.env;
  ip.env = new Map(pre);
  ip.inScope('loop', body);
  ip.env = joinEnvs(pre, [pre, ip.env]);
}

/** Join the variable states of the paths that reach a point; `pre` is the state before they split. */
function joinEnvs(pre: Env, paths: Env[]): Env {
  if (paths.length === 0) return pre;
  if (paths.length === 1) return paths[0];
  const out = new Map(paths[0]);
  for (const path of paths.slice(1)) {
    for (const [k, v] of path) {
      const a = out.get(k);
      if (a === undefined) out.set(k, v);
      else if (a !== v) out.set(k, a === pre.get(k) ? joinVals(v, a) : joinVals(a, v));
    }
  }
  return out;
}
