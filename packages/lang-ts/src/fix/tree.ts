/**
 * The program seen from positions: the node standing at an event's location, parents, the statement
 * list a statement belongs to, enclosing functions, and the string literals (for escaping and
 * re-indenting).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { Loc } from '@tocscan/core';
import { allNodes, range, type FunctionNode, type Node } from '../ast.js';

/** A statement in a list (block body, program body, switch case). */
export interface ListedStatement {
  stmt: Node;
  list: readonly Node[];
  index: number;
  /** The node owning the list (BlockStatement, Program, SwitchCase, StaticBlock). */
  owner: Node;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isFunctionNode(n: Node): n is FunctionNode {
  return FUNCTION_TYPES.has(n.type);
}

/**
 * Built for each file a fix is planned in (every file with a finding, in ESLint), so nothing is indexed
 * up front: trees from ESLint carry `parent` already, calls are found by descending through the
 * ranges, and the literals are listed on first use.
 */
export class Tree {
  #parents?: Map<Node, Node>;
  #literals?: { ranges: [number, number][]; nodes: Node[] };
  readonly #linked: boolean;

  constructor(readonly program: TSESTree.Program) {
    const first = program.body[0] as (Node & { parent?: Node }) | undefined;
    this.#linked = first?.parent === program;
  }

  /** String literals and templates as `[start, end]` source ranges, in no particular order. */
  get literals(): [number, number][] {
    return this.#literalIndex().ranges;
  }

  get literalNodes(): Node[] {
    return this.#literalIndex().nodes;
  }

  #literalIndex(): { ranges: [number, number][]; nodes: Node[] } {
    if (!this.#literals) {
      const index: { ranges: [number, number][]; nodes: Node[] } = { ranges: [], nodes: [] };
      for (const n of allNodes(this.program)) {
        if ((n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral') {
          index.ranges.push(range(n));
          index.nodes.push(n);
        }
      }
      this.#literals = index;
    }
    return this.#literals;
  }

  parent(n: Node): Node | undefined {
    if (this.#linked) return (n as Node & { parent?: Node }).parent ?? undefined;
    if (!this.#parents) {
      this.#parents = new Map();
      for (const p of allNodes(this.program)) for (const c of children(p)) this.#parents.set(c, p);
    }
    return this.#parents.get(n);
  }

  childrenOf(n: Node): Node[] {
    return children(n);
  }

  /** The call (or tagged template) at exactly `loc`. */
  callAt(loc: Loc): TSESTree.CallExpression | TSESTree.TaggedTemplateExpression | undefined {
    // Descend through the nodes whose range holds `loc`, outermost first (a ChainExpression and its call share one).
    for (let n: Node | undefined = this.program; n; ) {
      const [s, e] = range(n);
      if (s === loc.offset && e === loc.endOffset && (n.type === 'CallExpression' || n.type === 'TaggedTemplateExpression')) return n;
      n = children(n).find((c) => {
        const [cs, ce] = range(c);
        return cs <= loc.offset && ce >= loc.endOffset;
      });
    }
    return undefined;
  }

  /** The statement holding `n` in a statement list, without crossing a function boundary. */
  listed(n: Node): ListedStatement | undefined {
    let cur: Node = n;
    for (let p = this.parent(cur); p; cur = p, p = this.parent(cur)) {
      if (isFunctionNode(cur) && cur !== n) return undefined;
      const list = statementList(p);
      if (list) {
        const index = list.indexOf(cur);
        if (index >= 0) return { stmt: cur, list, index, owner: p };
      }
    }
    return undefined;
  }

  /** Statement-list ancestors of `n`, innermost first, up to its function (or the program). */
  listedChain(n: Node): ListedStatement[] {
    const out: ListedStatement[] = [];
    for (let l = this.listed(n); l; l = this.listed(l.owner)) {
      out.push(l);
      if (isFunctionNode(this.parent(l.owner) ?? l.owner)) break;
    }
    return out;
  }

  /** The function whose body holds `n` directly (no function in between). */
  functionOf(n: Node): FunctionNode | undefined {
    for (let p = this.parent(n); p; p = this.parent(p)) if (isFunctionNode(p)) return p;
    return undefined;
  }

  /** `n` lies inside `outer` (or is it). */
  within(n: Node, outer: Node): boolean {
    for (let p: Node | undefined = n; p; p = this.parent(p)) if (p === outer) return true;
    return false;
  }
}

function statementList(p: Node): readonly Node[] | undefined {
  switch (p.type) {
    case 'BlockStatement':
    case 'Program':
    case 'StaticBlock':
      return p.body as readonly Node[];
    case 'SwitchCase':
      return p.consequent;
    default:
      return undefined;
  }
}

const SKIP = new Set(['parent', 'loc', 'range', 'start', 'end', 'type']);

function children(n: Node): Node[] {
  const out: Node[] = [];
  for (const key in n) {
    if (SKIP.has(key)) continue;
    const v = (n as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) out.push(c);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && 'range' in (v as object);
}

/** Every node under `root` (itself included), not descending into nested functions unless `intoFunctions`. */
export function* nodesIn(root: Node, intoFunctions = false): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    if (n !== root && !intoFunctions && isFunctionNode(n)) continue;
    stack.push(...children(n));
  }
}
