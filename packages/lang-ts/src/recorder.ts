/**
 * The event log of one unit and the control state events are recorded under: the guard stack
 * (enclosing conditions and earlier early exits), the exits seen so far, and the frames of the unit
 * and of the callbacks inlined into it. Events get ids in walk order; `finishEvents` renumbers them in
 * source order.
 */
import {
  emptyDeps,
  mergeDeps,
  readSql,
  type DbEvent,
  type Deps,
  type Isolation,
  type Loc,
  type QueryEvent,
  type TxAction,
  type TxEvent,
} from '@tocscan/core';
import { locOf, type Node } from './ast.js';
import type { FileContext, QuerySpec } from './context.js';
import { isTerminal, type BlockCtx, type Exit } from './flow.js';
import type { Val } from './taint.js';

/** The unit itself, or a callback inlined into it. */
export interface Frame {
  kind: 'unit' | 'callback';
  /** Values returned (callbacks) or resolved (promise executors). */
  returns: Val[];
  blocks: BlockCtx[];
  thisVal?: Val;
  /** Name of a promise executor's `resolve` parameter. */
  resolver?: string;
}

const WRITE_KINDS = new Set(['insert', 'update', 'delete', 'upsert']);

export class EventRecorder {
  private readonly events: DbEvent[] = [];
  private readonly byId = new Map<number, DbEvent>();
  private nextId = 1;
  protected readonly guards: Deps[] = [];
  protected exits: Exit[] = [];
  protected readonly frames: Frame[] = [];
  protected returns: Deps = emptyDeps();

  constructor(readonly ctx: FileContext) {}

  /** Sorts events by source position and renumbers them (ids increase with position). */
  protected finishEvents(): DbEvent[] {
    const order = [...this.events].sort((a, b) => a.loc.offset - b.loc.offset || a.id - b.id);
    const ids = new Map(order.map((e, i) => [e.id, i + 1]));
    const remap = (d: Deps): Deps => ({ events: d.events.map((x) => ids.get(x)!).sort((a, b) => a - b), params: d.params });
    for (const e of order) {
      e.id = ids.get(e.id)!;
      e.guard = remap(e.guard);
      e.data = remap(e.data);
      if (e.type === 'call') e.args = e.args.map(remap);
    }
    this.returns = remap(this.returns);
    return order;
  }

  private newId(): number {
    return this.nextId++;
  }

  currentGuard(): Deps {
    return this.guards.length ? mergeDeps(...this.guards) : emptyDeps();
  }

  /** Walks `walk` with `deps` as an extra guard (an enclosing condition). */
  withGuard(deps: Deps, walk: () => void): void {
    this.guards.push(deps);
    walk();
    this.guards.pop();
  }

  private push(e: DbEvent): number {
    this.events.push(e);
    this.byId.set(e.id, e);
    return e.id;
  }

  /** A query (or, when the SQL is BEGIN/COMMIT/ROLLBACK, a transaction event). Returns the event id. */
  addQuery(q: QuerySpec): number {
    const sql = readSql(q.pieces, { dialect: this.ctx.dialect });
    if (sql.kind === 'begin' || sql.kind === 'commit' || sql.kind === 'rollback') {
      const serializing = sql.beginMode === 'immediate' || sql.beginMode === 'exclusive';
      return this.addTx(q.node, sql.kind, 'sql', q.api, sql.isolation, serializing, locOf(q.node), q.pooled);
    }
    const e: QueryEvent = {
      type: 'query',
      id: this.newId(),
      loc: locOf(q.node),
      guard: this.currentGuard(),
      data: q.data,
      pieces: q.pieces,
      sql,
      api: q.api,
      driver: q.driver,
      result: { inCondition: false, returned: false, affectedRowsChecked: false },
    };
    if (q.sqlLoc) e.sqlLoc = q.sqlLoc;
    return this.push(e);
  }

  addTx(node: Node, action: TxAction, via: TxEvent['via'], api: string, isolation?: Isolation, serializing?: boolean, loc: Loc = locOf(node), pooled?: boolean): number {
    const e: TxEvent = { type: 'tx', id: this.newId(), loc, guard: this.currentGuard(), data: emptyDeps(), action, via, api };
    if (isolation) e.isolation = isolation;
    if (serializing) e.serializing = true;
    if (pooled) e.pooled = true;
    if (action !== 'begin' && isTerminal(this.frame().blocks)) e.terminal = true;
    return this.push(e);
  }

  addCall(node: Node, name: string, receiver: string | undefined, className: string | undefined, args: Val[]): number {
    const argDeps = args.map((a) => a.deps);
    const callee: { name: string; receiver?: string; className?: string } = { name };
    if (receiver !== undefined) callee.receiver = receiver;
    if (className !== undefined) callee.className = className;
    return this.push({
      type: 'call',
      id: this.newId(),
      loc: locOf(node),
      guard: this.currentGuard(),
      data: mergeDeps(...argDeps),
      callee,
      args: argDeps,
      result: { inCondition: false, returned: false, affectedRowsChecked: false },
    });
  }

  /** The value reaches a condition: its events decide it; affected-row counts in it are checked. */
  markCondition(v: Val): void {
    this.markUse(v, 'inCondition');
  }

  protected markReturned(v: Val): void {
    this.markUse(v, 'returned');
  }

  private markUse(v: Val, use: 'inCondition' | 'returned'): void {
    for (const id of v.deps.events) {
      const e = this.byId.get(id);
      if (!e || (e.type !== 'query' && e.type !== 'call')) continue;
      e.result[use] = true;
      // `UPDATE … RETURNING id` then `if (!row)`: the returned rows are the affected rows.
      if (e.type === 'query' && WRITE_KINDS.has(e.sql.kind) && /\breturning\b/i.test(e.sql.normalized)) e.result.affectedRowsChecked = true;
    }
    for (const id of v.counts) {
      const e = this.byId.get(id);
      if (e && (e.type === 'query' || e.type === 'call')) e.result.affectedRowsChecked = true;
    }
  }

  protected frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  protected addExit(kind: Exit['kind'], label?: string): void {
    this.exits.push({ kind, label, deps: this.currentGuard() });
  }

  protected handleReturn(v: Val): void {
    const f = this.frame();
    if (f.kind === 'unit') {
      this.returns = mergeDeps(this.returns, v.deps);
      this.markReturned(v);
    } else if (f.resolver === undefined) {
      f.returns.push(v);
    }
  }

  private resolverFrame(name: string): Frame | undefined {
    for (let i = this.frames.length - 1; i >= 0 && this.frames[i].kind !== 'unit'; i--) {
      if (this.frames[i].resolver === name) return this.frames[i];
    }
    return undefined;
  }

  /** True when `name` is the `resolve` parameter of an enclosing promise executor. */
  isResolver(name: string): boolean {
    return this.resolverFrame(name) !== undefined;
  }

  /** `resolve(x)` inside a promise executor: `x` is the promise's value. */
  resolveWith(name: string, v: Val): void {
    this.resolverFrame(name)?.returns.push(v);
  }
}
