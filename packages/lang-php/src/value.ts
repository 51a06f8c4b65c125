/**
 * Abstract values: what a PHP expression's value depends on (query results, helper results, parameters),
 * plus what it is when that matters: SQL text being assembled, a prepared statement, a connection.
 *
 * Three kinds of event dependence are kept apart:
 * - `ev`: the value is data read by the event (rows, a fetched column, `num_rows`, a helper's result);
 * - `handles`: the value is the event's raw result handle (`mysqli_query()`'s result, a PDOStatement
 *   after `execute()`): testing it checks success, not data, so it is not a data condition, but
 *   fetching from it yields data;
 * - `counts`: the value is the event's affected-row count.
 */
import type { Deps, Loc, SqlPiece } from '@tocscan/core';
import type { PhpNode } from './ast.js';

export interface SqlText {
  pieces: SqlPiece[];
  /** Source span when the text comes from one expression. */
  loc?: Loc;
}

export type ConnKind = 'pdo' | 'mysqli' | 'dbal' | 'laravel' | 'wpdb' | 'pgsql';

/** A prepared statement (`$pdo->prepare($sql)`, `mysqli_prepare`): executed later. Mutable, shared by aliases. */
export interface Prepared {
  sql: SqlText;
  /** What the SQL text and the prepare call's arguments depend on. */
  taint: Val;
  /** Values bound since (`bindValue`, `bind_param`). */
  bound: Val;
  api: string;
  driver: string;
  /** Ids of the query events of each execution, in order. */
  executions: number[];
  /** Variables bound with `bind_result()`: each execution's row lands in them. */
  resultTargets: PhpNode[];
}

export interface Val {
  readonly ev: readonly number[];
  readonly par: readonly number[];
  readonly handles: readonly number[];
  readonly counts: readonly number[];
  readonly sql?: SqlText;
  readonly stmt?: Prepared;
  readonly conn?: ConnKind;
}

export const EMPTY: Val = Object.freeze({ ev: [], par: [], handles: [], counts: [] });

function merge(lists: (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  return [...new Set(nonEmpty.flat())].sort((a, b) => a - b);
}

/** Result handles of `v`, including the executions of a prepared statement it holds. */
function handlesOf(v: Val): readonly number[] {
  return v.stmt ? merge([v.handles, v.stmt.executions]) : v.handles;
}

function isBare(v: Val): boolean {
  return v.ev.length === 0 && v.par.length === 0 && v.counts.length === 0 && handlesOf(v).length === 0;
}

/** Union of the dependencies; what the values are (SQL, statement, connection) is dropped. */
export function union(...vals: Val[]): Val {
  return unionAll(vals);
}

/** `union` over an array of any length (spreading a huge array into arguments overflows the stack). */
export function unionAll(vals: readonly Val[]): Val {
  const live = vals.filter((v) => !isBare(v));
  if (live.length === 0) return EMPTY;
  return {
    ev: merge(live.map((v) => v.ev)),
    par: merge(live.map((v) => v.par)),
    handles: merge(live.map(handlesOf)),
    counts: merge(live.map((v) => v.counts)),
  };
}

/** Union that keeps the SQL text of the first value carrying some (for joins of branch states). */
export function joinVals(a: Val, b: Val): Val {
  if (a === b) return a;
  const u = union(a, b);
  const sql = a.sql ?? b.sql;
  const stmt = a.stmt ?? b.stmt;
  const conn = a.conn ?? b.conn;
  return { ...u, ...(sql ? { sql } : {}), ...(stmt ? { stmt } : {}), ...(conn ? { conn } : {}) };
}

/**
 * A value read out of `v` (`$row['qty']`, `$res->fetch_assoc()`, `$stmt->fetch()`): result handles
 * become data; counts stay counts.
 */
export function derive(v: Val): Val {
  if (isBare(v)) return EMPTY;
  return { ev: merge([v.ev, handlesOf(v)]), par: v.par, handles: [], counts: v.counts };
}

export function eventData(id: number): Val {
  return { ev: [id], par: [], handles: [], counts: [] };
}

export function eventHandle(id: number): Val {
  return { ev: [], par: [], handles: [id], counts: [] };
}

export function eventCount(id: number): Val {
  return { ev: [id], par: [], handles: [], counts: [id] };
}

export function paramVal(index: number): Val {
  return { ev: [], par: [index], handles: [], counts: [] };
}

/** Dependencies that flow as data (into arguments, SQL, returns): handles count as data here. */
export function dataDeps(v: Val): Deps {
  return { events: [...merge([v.ev, handlesOf(v)])], params: [...v.par] };
}

/** Dependencies a condition on `v` decides on: data only (testing a handle checks for an error). */
export function condDeps(v: Val): Deps {
  return { events: [...v.ev], params: [...v.par] };
}
