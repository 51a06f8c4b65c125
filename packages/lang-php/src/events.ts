/**
 * The event list of one unit: events get ids in emission order, which is evaluation order (arguments
 * before the call that takes them), so ids increase along the source as the unit runs it.
 * Result uses are marked on the events as values derived from them reach conditions and returns.
 */
import { emptyResultUse, readSql } from '@tocscan/core';
import type { CallEvent, Callee, DbEvent, Deps, Dialect, Isolation, Loc, QueryEvent, SqlFacts, TxAction, TxEvent } from '@tocscan/core';
import type { SqlText, Val } from './value.js';

const WRITE_KINDS = new Set(['insert', 'update', 'delete', 'upsert']);

export interface Site {
  loc: Loc;
  guard: Deps;
  data: Deps;
}

export class EventLog {
  readonly events: DbEvent[] = [];

  constructor(private readonly dialect: Dialect | undefined) {}

  get size(): number {
    return this.events.length;
  }

  /**
   * An SQL statement executed at `site`. `BEGIN`/`START TRANSACTION`/`COMMIT`/`ROLLBACK` become
   * transaction events; everything else a query event. `facts` overrides what the reader found
   * (for statements synthesised from `$wpdb->update(...)` and the like).
   */
  sql(site: Site, text: SqlText, api: string, driver: string, facts?: Partial<SqlFacts>): QueryEvent | TxEvent {
    const read = readSql(text.pieces, { dialect: this.dialect });
    const sql: SqlFacts = facts ? { ...read, ...facts } : read;
    if (sql.kind === 'begin' || sql.kind === 'commit' || sql.kind === 'rollback') {
      return this.tx(site, sql.kind, 'sql', api, {
        isolation: sql.isolation,
        serializing: sql.beginMode === 'immediate' || sql.beginMode === 'exclusive',
      });
    }
    const event: QueryEvent = {
      id: this.events.length,
      type: 'query',
      loc: site.loc,
      guard: site.guard,
      data: site.data,
      pieces: text.pieces,
      ...(text.loc ? { sqlLoc: text.loc } : {}),
      sql,
      api,
      driver,
      result: emptyResultUse(),
    };
    this.events.push(event);
    return event;
  }

  tx(site: Site, action: TxAction, via: TxEvent['via'], api: string, extra: { isolation?: Isolation; serializing?: boolean } = {}): TxEvent {
    const event: TxEvent = {
      id: this.events.length,
      type: 'tx',
      loc: site.loc,
      guard: site.guard,
      data: site.data,
      action,
      via,
      api,
      ...(action === 'begin' && extra.isolation ? { isolation: extra.isolation } : {}),
      ...(action === 'begin' && extra.serializing ? { serializing: true } : {}),
    };
    this.events.push(event);
    return event;
  }

  call(site: Site, callee: Callee, args: Deps[]): CallEvent {
    const event: CallEvent = {
      id: this.events.length,
      type: 'call',
      loc: site.loc,
      guard: site.guard,
      data: site.data,
      callee,
      args,
      result: emptyResultUse(),
    };
    this.events.push(event);
    return event;
  }

  /** The latest write statement (what `mysqli_affected_rows($conn)` / `$mysqli->affected_rows` count). */
  lastWrite(): number | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.type === 'query' && WRITE_KINDS.has(e.sql.kind)) return e.id;
    }
    return undefined;
  }

  /** `v` decides a condition. */
  markCondition(v: Val): void {
    for (const id of v.ev) {
      const e = this.events[id];
      if (e && (e.type === 'query' || e.type === 'call')) e.result.inCondition = true;
    }
    this.markCounts(v);
  }

  /** `v` is returned from the unit. */
  markReturned(v: Val): void {
    for (const id of [...v.ev, ...v.handles, ...(v.stmt?.executions ?? [])]) {
      const e = this.events[id];
      if (e && (e.type === 'query' || e.type === 'call')) e.result.returned = true;
    }
    this.markCounts(v);
  }

  private markCounts(v: Val): void {
    for (const id of v.counts) {
      const e = this.events[id];
      if (e && (e.type === 'query' || e.type === 'call')) e.result.affectedRowsChecked = true;
    }
  }

  /**
   * The branch whose events start at `from` always leaves the unit: the commits and rollbacks in it that
   * close a transaction begun before the branch are terminal (the path after the branch never sees them).
   */
  markTerminal(from: number): void {
    let opened = 0;
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i];
      if (e.type !== 'tx' || e.terminal) continue;
      if (e.action === 'begin') opened++;
      else if (opened > 0) opened--;
      else e.terminal = true;
    }
  }
}
