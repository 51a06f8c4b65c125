/**
 * Walks one unit's events in order, tracking the open transaction and locks, and inlines the helpers
 * it calls (their statements appear at the call site, their dependencies mapped through the arguments).
 */
import type { CallEvent, Deps, Loc, QueryEvent, TxEvent } from '../model.js';
import { emptyDeps, mergeDeps } from '../model.js';
import type { UnitIndex, UnitRef } from './resolve.js';
import type { Step, TxContext } from './types.js';

const MAX_DEPTH = 4;

export interface WalkResult {
  /** Every statement run, in order (helpers' statements at their call sites). */
  steps: Step[];
  /** For an event id of the walked unit: the read steps its result carries (a SELECT, or a helper returning one). */
  sources: Map<number, Step[]>;
  /** The transaction open when the unit returns. */
  exitTx?: TxContext;
  /** Read steps the unit's return value carries, and which parameters flow to it. */
  returnedReads: Step[];
  /** Helper calls made, with the transaction open at each (for callers' context). */
  calls: { callee: UnitRef; tx?: TxContext }[];
}

export interface WalkOptions {
  index: UnitIndex;
  entryTx?: TxContext;
  /** Units currently being walked (recursion guard). */
  stack?: Set<UnitRef['unit']>;
  serial?: { next: number };
}

const WRITE_KINDS = new Set(['insert', 'update', 'delete', 'upsert']);

export function isWrite(q: QueryEvent): boolean {
  return WRITE_KINDS.has(q.sql.kind);
}

export function walkUnit(ref: UnitRef, options: WalkOptions): WalkResult {
  const serial = options.serial ?? { next: 1 };
  const stack = options.stack ?? new Set();
  stack.add(ref.unit);
  const result: WalkResult = { steps: [], sources: new Map(), returnedReads: [], calls: [] };
  let tx: TxContext | undefined = options.entryTx ? { ...options.entryTx } : undefined;
  const body = ref.unit.transactionBody;
  if (body && !tx) {
    tx = { serial: serial.next++, api: body.api, begin: ref.unit.loc, isolation: body.isolation, serializing: !!body.serializing, locked: false };
  }
  let pendingIsolation: TxContext['isolation'];
  let sessionLocked = false;

  const begin = (api: string, loc: Loc, isolation?: TxContext['isolation'], serializing = false) => {
    tx = { serial: serial.next++, api, begin: loc, isolation: isolation ?? pendingIsolation, serializing, locked: false };
    pendingIsolation = undefined;
  };
  const lock = () => {
    if (tx) tx.locked = true;
    else sessionLocked = true;
  };

  for (const event of ref.unit.events) {
    switch (event.type) {
      case 'tx':
        applyTx(event);
        break;
      case 'lock':
        lock();
        break;
      case 'query':
        applyQuery(event);
        break;
      case 'call':
        applyCall(event);
        break;
    }
  }
  result.exitTx = tx;
  const returned: Step[] = [];
  for (const id of ref.unit.returns.events) returned.push(...(result.sources.get(id) ?? []));
  result.returnedReads = unique(returned);
  stack.delete(ref.unit);
  return result;

  function applyTx(event: TxEvent) {
    // Sent through a pool: it ran on some connection, not on the one the next statement gets.
    if (event.pooled) return;
    if (event.action === 'begin') begin(event.api, event.loc, event.isolation, !!event.serializing);
    else if (!event.terminal) tx = undefined;
  }

  function applyQuery(event: QueryEvent) {
    const sql = event.sql;
    switch (sql.kind) {
      case 'begin':
        begin(event.api, event.loc, sql.isolation, sql.beginMode === 'immediate' || sql.beginMode === 'exclusive');
        return;
      case 'commit':
      case 'rollback':
        if (!event.terminal) tx = undefined;
        return;
      case 'set-isolation':
        if (tx) tx.isolation = sql.isolation ?? tx.isolation;
        else pendingIsolation = sql.isolation;
        return;
      case 'lock':
        lock();
        return;
      default:
        break;
    }
    // A batch such as `BEGIN; SELECT … FOR UPDATE` opens its transaction before the data statement runs.
    const batch = sql.statements ?? [];
    const dataAt = batch.indexOf(sql.kind);
    if (dataAt > 0 && batch.slice(0, dataAt).includes('begin') && !tx) begin(event.api, event.loc, sql.isolation);
    const step: Step = {
      query: event,
      file: ref.file,
      unit: ref.unit,
      site: event.loc,
      via: [],
      guard: event.guard,
      data: event.data,
      affectedRowsChecked: event.result.affectedRowsChecked,
      tx: tx ? { ...tx } : undefined,
      locked: sessionLocked || !!tx?.locked,
    };
    result.steps.push(step);
    if (sql.kind === 'select') result.sources.set(event.id, [step]);
    const after = dataAt >= 0 ? batch.slice(dataAt + 1) : [];
    if (after.includes('commit') || after.includes('rollback')) tx = undefined;
  }

  function applyCall(call: CallEvent) {
    const callee = options.index.resolve(call, ref);
    if (!callee || stack.has(callee.unit) || stack.size >= MAX_DEPTH) return;
    result.calls.push({ callee, tx: tx ? { ...tx } : undefined });
    const inner = walkUnit(callee, { index: options.index, entryTx: tx, stack, serial });
    const mapDeps = (d: Deps, base: Deps): Deps => mergeDeps(base, ...d.params.map((p) => call.args[p] ?? emptyDeps()));
    const resultChecked = call.result.inCondition || call.result.returned;
    const remapped = new Map<Step, Step>();
    for (const s of inner.steps) {
      const returnsOwnResult = callee.unit.returns.events.includes(s.query.id) && s.via.length === 0;
      const outer: Step = {
        ...s,
        site: call.loc,
        via: [callee.unit.name, ...s.via],
        // The caller's conditions guard the helper's statements. The helper's own checks on its parameters
        // (`if (isset($data['stores']))`) validate its input: what they tested flows in as data.
        guard: call.guard,
        data: mapDeps({ events: [], params: [...s.data.params, ...s.guard.params] }, emptyDeps()),
        affectedRowsChecked: s.affectedRowsChecked || (returnsOwnResult && resultChecked),
        locked: s.locked || sessionLocked,
      };
      remapped.set(s, outer);
      result.steps.push(outer);
    }
    // The helper's result carries the reads it returns, and whatever its returned parameters carried.
    const carried = inner.returnedReads.map((s) => remapped.get(s) ?? s);
    for (const p of callee.unit.returns.params) {
      for (const id of call.args[p]?.events ?? []) carried.push(...(result.sources.get(id) ?? []));
    }
    if (carried.length) result.sources.set(call.id, unique(carried));
    // Transactions opened or closed inside the helper carry on after the call.
    tx = inner.exitTx ? { ...inner.exitTx } : undefined;
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
