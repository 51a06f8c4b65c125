/**
 * Walks one unit's body in evaluation order (statements.ts, expressions.ts, calls.ts), tracking what
 * each variable's value depends on, which conditions (and earlier early exits) guard each point, and
 * emitting the unit's events. This module holds the walk's state: variables, open conditions, and the
 * scopes early exits leave (the unit, loops, inline callbacks).
 */
import type { Deps, Isolation, Loc, Unit } from '@tocscan/core';
import { is, nameOf } from './ast.js';
import type { Parameter, PhpNode } from './ast.js';
import { connOfType } from './drivers.js';
import { EventLog } from './events.js';
import type { Site } from './events.js';
import { assign, evalExpr } from './expressions.js';
import { locOf } from './loc.js';
import { typeName } from './scan.js';
import type { ClassInfo, FileContext } from './scan.js';
import { block } from './statements.js';
import type { Flow } from './statements.js';
import type { UnitJob } from './units.js';
import { EMPTY, condDeps, dataDeps, eventCount, paramVal, union, unionAll } from './value.js';
import type { Val } from './value.js';

export type Env = Map<string, Val>;

interface Scope {
  kind: 'unit' | 'loop' | 'callback';
  /** Conditions under which an early exit out of this scope was taken: everything after depends on them. */
  acc: Val;
  /** Values returned out of this scope (unit or callback). */
  returns: Val[];
}

const MAX_CONSTANT_DEPTH = 8;

export class Interp {
  readonly log: EventLog;
  env: Env = new Map();
  /** DBAL `setTransactionIsolation(...)` seen before the next begin. */
  pendingIsolation?: Isolation;
  private readonly conds: Val[] = [];
  private readonly scopes: Scope[] = [{ kind: 'unit', acc: EMPTY, returns: [] }];
  private constantDepth = 0;

  constructor(
    readonly file: FileContext,
    readonly job: UnitJob,
  ) {
    this.log = new EventLog(file.dialect);
  }

  get cls(): ClassInfo | undefined {
    return this.job.cls;
  }

  run(): Unit {
    const { job } = this;
    const params = job.params.map((p, i) => nameOf(p.name) ?? `#${i}`);
    job.params.forEach((p, i) => {
      const conn = connOfType(typeName(p.type), this.file.dbalImported);
      this.env.set(`$${params[i]}`, conn ? { ...paramVal(i), conn } : paramVal(i));
    });
    const node = job.node;
    if (is(node, 'program')) this.block(node.children);
    else if (is(node, 'arrowfunc')) this.returnValue(this.eval(node.body));
    else this.block(node.body?.children);
    return {
      name: job.name,
      kind: job.kind,
      ...(job.className ? { className: job.className } : {}),
      ...(job.simpleName ? { simpleName: job.simpleName } : {}),
      params,
      loc: locOf(node),
      events: this.log.events,
      returns: dataDeps(unionAll(this.scopes[0].returns)),
    };
  }

  // ---- guards and exits -------------------------------------------------------------------

  guardDeps(): Deps {
    return condDeps(union(...this.conds, ...this.scopes.map((s) => s.acc)));
  }

  site(loc: Loc, data: Val): Site {
    return { loc, guard: this.guardDeps(), data: dataDeps(data) };
  }

  /** Run `fn` with `cond` deciding whether it runs. */
  underCondition<T>(cond: Val, fn: () => T): T {
    this.conds.push(cond);
    try {
      return fn();
    } finally {
      this.conds.pop();
    }
  }

  /** Control leaves here: what follows in the scope left depends on the conditions that led here. */
  leave(kind: 'unit' | 'return' | 'loop'): void {
    const here = union(...this.conds);
    let scope = this.scopes[0];
    for (let i = this.scopes.length - 1; i > 0; i--) {
      const s = this.scopes[i];
      if (kind === 'return' ? s.kind === 'callback' : kind === 'loop' ? s.kind !== 'unit' : false) {
        scope = s;
        break;
      }
    }
    scope.acc = union(scope.acc, here);
  }

  returnValue(v: Val): void {
    const scope = [...this.scopes].reverse().find((s) => s.kind !== 'loop') ?? this.scopes[0];
    scope.returns.push(v);
    if (scope.kind === 'unit') this.log.markReturned(v);
  }

  /** Run a closure body inline (transaction and array callbacks); returns what it returned. */
  inline(params: readonly Parameter[], args: Val[], body: () => void): Val {
    const scope: Scope = { kind: 'callback', acc: EMPTY, returns: [] };
    const saved = new Map<string, Val | undefined>();
    params.forEach((p, i) => {
      const key = `$${nameOf(p.name) ?? `#${i}`}`;
      saved.set(key, this.env.get(key));
      const conn = connOfType(typeName(p.type), this.file.dbalImported);
      const v = args[i] ?? EMPTY;
      this.env.set(key, conn ? { ...v, conn } : v);
    });
    this.scopes.push(scope);
    try {
      body();
    } finally {
      this.scopes.pop();
      for (const [key, v] of saved) {
        if (v === undefined) this.env.delete(key);
        else this.env.set(key, v);
      }
    }
    return unionAll(scope.returns);
  }

  inCallback(): boolean {
    return this.scopes.some((s) => s.kind === 'callback');
  }

  /** Run `body` in a new loop scope (break/continue leave it, not the unit). */
  inScope(kind: 'loop', body: () => void): void {
    this.scopes.push({ kind, acc: EMPTY, returns: [] });
    try {
      body();
    } finally {
      this.scopes.pop();
    }
  }

  conditionDepth(): number {
    return this.conds.length;
  }

  pushCondition(cond: Val): void {
    this.conds.push(cond);
  }

  restoreConditions(depth: number): void {
    this.conds.length = depth;
  }

  // ---- walking ------------------------------------------------------------------------------

  block(nodes: readonly PhpNode[] | undefined | null): Flow {
    return block(this, nodes);
  }

  eval(node: PhpNode | null | undefined): Val {
    return evalExpr(this, node);
  }

  assign(target: PhpNode | null | undefined, v: Val): void {
    assign(this, target, v);
  }

  /** The affected-row count of the latest write (`mysqli_affected_rows($conn)`, `$mysqli->affected_rows`). */
  lastWriteCount(): Val {
    const id = this.log.lastWrite();
    return id === undefined ? EMPTY : eventCount(id);
  }

  /** A constant's or property default's initialiser, evaluated here (bounded: constants may refer to each other). */
  constantValue(init: PhpNode): Val {
    if (this.constantDepth >= MAX_CONSTANT_DEPTH) return EMPTY;
    this.constantDepth++;
    try {
      return this.eval(init);
    } finally {
      this.constantDepth--;
    }
  }
}
