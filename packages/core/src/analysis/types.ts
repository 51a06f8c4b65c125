/**
 * The analysis' output: reads and writes paired per unit (helpers inlined), with the protections that apply.
 */
import type { Deps, Dialect, FileModel, Isolation, Loc, QueryEvent, TxEvent, Unit } from '../model.js';

/** A query as seen from the unit being analysed (the root): directly, or inside a helper it calls. */
export interface Step {
  query: QueryEvent;
  /** File and unit where the statement's SQL stands. */
  file: FileModel;
  unit: Unit;
  /** Where the root unit runs it: the query's own loc, or the helper call's loc. */
  site: Loc;
  /** Helper names from the root down to the unit holding the statement (empty when direct). */
  via: string[];
  /** What the root's control flow depended on to reach the step, in root terms. */
  guard: Deps;
  /** What flowed into the statement, in root terms. */
  data: Deps;
  /** The affected-row count of this statement decides something (directly or through the helper's return). */
  affectedRowsChecked: boolean;
  /** The transaction open when the step runs, if any (a snapshot). */
  tx?: TxContext;
  /** An advisory/table lock is held when the step runs (in the transaction or for the session). */
  locked: boolean;
}

export interface TxContext {
  /** Distinguishes transactions within one walk. */
  serial: number;
  api: string;
  begin: Loc;
  isolation?: Isolation;
  /** SQLite BEGIN IMMEDIATE/EXCLUSIVE, better-sqlite3 db.transaction(fn). */
  serializing: boolean;
  /** An advisory or table lock was taken inside this transaction so far. */
  locked: boolean;
}

export type Shape = 'read-decide-write' | 'lost-update' | 'insert-if-absent';

export type Protection =
  | 'locking-read'
  | 'conditional-write'
  | 'serializable'
  | 'serializing-transaction'
  | 'advisory-lock'
  | 'plain-transaction';

export interface Pair {
  file: FileModel;
  /** The root unit: where the decision is made. */
  unit: Unit;
  table: string;
  read: Step;
  write: Step;
  /** How the write depends on the read: guarded by it, computed from it, or both. */
  link: 'guard' | 'data' | 'both';
  shape: Shape;
  /** Whatever makes the pair atomic; empty when nothing does. */
  protections: Protection[];
  /** Transaction holding both read and write, when one does. */
  tx?: TxContext;
  dialect?: FileModel['dialect'];
}

/** A BEGIN sent through a connection pool (`pool.query('BEGIN')`). */
export interface PooledTransactionSite {
  file: FileModel;
  unit: Unit;
  event: TxEvent;
}

export interface LockingReadSite {
  /** File and unit holding the locking read's SQL. */
  file: FileModel;
  unit: Unit;
  step: Step;
}

export type { Dialect };
