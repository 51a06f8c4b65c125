/**
 * The php-parser program seen from positions: the call at an event's location, parents, the
 * statement list a statement belongs to, enclosing functions, and the string literals.
 */
import type { Loc } from '@tocscan/core';
import { childNodes, is, type Call, type PhpNode, type Program } from '../ast.js';

export interface ListedStatement {
  stmt: PhpNode;
  list: readonly PhpNode[];
  index: number;
  owner: PhpNode;
}

const FUNCTIONS = new Set(['function', 'method', 'closure', 'arrowfunc']);

export function isFunctionLike(n: PhpNode): boolean {
  return FUNCTIONS.has(n.kind);
}

export function start(n: PhpNode): number {
  return n.loc?.start.offset ?? -1;
}

export function end(n: PhpNode): number {
  return n.loc?.end.offset ?? -1;
}

/** The end of an expression without the `;` (and spaces) php-parser includes when it is a statement. */
export function exprEnd(n: PhpNode, text: string): number {
  let e = end(n);
  while (e > start(n) && /[\s;]/.test(text[e - 1])) e--;
  return e;
}

export class PhpTree {
  private readonly parents = new Map<PhpNode, PhpNode>();
  private readonly callsByStart = new Map<number, Call[]>();
  /** Top-level string literals (quoted, double-quoted with interpolation, heredoc, nowdoc). */
  readonly literals: PhpNode[] = [];

  constructor(
    readonly program: Program,
    readonly text: string,
  ) {
    const stack: PhpNode[] = [program];
    while (stack.length) {
      const n = stack.pop()!;
      if (is(n, 'call')) {
        const list = this.callsByStart.get(start(n));
        if (list) list.push(n);
        else this.callsByStart.set(start(n), [n]);
      }
      const inEncapsed = this.parents.get(n)?.kind === 'encapsedpart';
      if ((is(n, 'string') && !inEncapsed) || (is(n, 'encapsed') && n.type !== 'shell') || is(n, 'nowdoc')) this.literals.push(n);
      for (const c of childNodes(n)) {
        this.parents.set(c, n);
        stack.push(c);
      }
    }
  }

  parent(n: PhpNode): PhpNode | undefined {
    return this.parents.get(n);
  }

  /** The call whose expression spans exactly `loc`. */
  callAt(loc: Loc): Call | undefined {
    return this.callsByStart.get(loc.offset)?.find((c) => exprEnd(c, this.text) === loc.endOffset);
  }

  /** The statement holding `n` in a statement list, without crossing a function boundary. */
  listed(n: PhpNode): ListedStatement | undefined {
    let cur: PhpNode = n;
    for (let p = this.parent(cur); p; cur = p, p = this.parent(cur)) {
      if (isFunctionLike(cur) && cur !== n) return undefined;
      const list = statementList(p);
      if (list) {
        const index = list.indexOf(cur);
        if (index >= 0) return { stmt: cur, list, index, owner: p };
      }
    }
    return undefined;
  }

  /** Statement-list ancestors of `n`, innermost first, up to its function or the script. */
  listedChain(n: PhpNode): ListedStatement[] {
    const out: ListedStatement[] = [];
    for (let l = this.listed(n); l; l = this.listed(l.owner)) out.push(l);
    return out;
  }

  /** The function (or the program, for a script's top-level code) whose body holds `n` directly. */
  functionOf(n: PhpNode): PhpNode | undefined {
    for (let p = this.parent(n); p; p = this.parent(p)) if (isFunctionLike(p) || p.kind === 'program') return p;
    return undefined;
  }

  within(n: PhpNode, outer: PhpNode): boolean {
    for (let p: PhpNode | undefined = n; p; p = this.parent(p)) if (p === outer) return true;
    return false;
  }
}

function statementList(p: PhpNode): readonly PhpNode[] | undefined {
  if (is(p, 'program') || is(p, 'block') || is(p, 'namespace') || is(p, 'declare')) return p.children;
  return undefined;
}

/** Every node under `root` (itself included), not descending into nested functions unless `intoFunctions`. */
export function* nodesIn(root: PhpNode, intoFunctions = false): Generator<PhpNode> {
  const stack: PhpNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    if (n !== root && !intoFunctions && isFunctionLike(n)) continue;
    stack.push(...childNodes(n));
  }
}
