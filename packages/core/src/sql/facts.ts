/**
 * Facts about one SQL statement, as the analysis needs them. Produced by `readSql` (sql/index.ts)
 * from node-sql-parser where it parses, else from the tolerant token reader (confidence 'tolerant').
 */
import type { Dialect, Isolation } from '../model.js';

export type StatementKind =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'upsert'
  | 'begin'
  | 'commit'
  | 'rollback'
  /** `SET TRANSACTION ISOLATION LEVEL …` / `SET SESSION TRANSACTION …` */
  | 'set-isolation'
  /** Advisory / table locks: `SELECT pg_advisory_xact_lock(…)`, `SELECT GET_LOCK(…)`, `LOCK TABLES`, `LOCK TABLE … IN … MODE`. */
  | 'lock'
  | 'other';

export type LockingClause = 'for-update' | 'for-no-key-update' | 'for-share' | 'for-key-share' | 'lock-in-share-mode';

export type UpsertForm = 'on-conflict' | 'on-duplicate-key' | 'insert-ignore' | 'replace' | 'insert-or-ignore' | 'insert-or-replace';

export interface RelativeSet {
  column: string;
  op: '+' | '-';
}

export interface SqlFacts {
  kind: StatementKind;
  /** Every table the statement reads or writes: case-folded, unquoted, schema and alias resolved, table prefix removed. */
  tables: string[];
  /** Tables written (INSERT/UPDATE/DELETE/upsert target); empty for reads. */
  writeTables: string[];
  /** Tables only read (FROM/JOIN of a SELECT, sub-selects of a write). */
  readTables: string[];
  locking: LockingClause | null;
  /** `NOWAIT` / `SKIP LOCKED` after the locking clause. */
  lockingOption?: 'nowait' | 'skip-locked';
  /**
   * For UPDATE/DELETE: the WHERE re-checks something beyond the row key (`AND qty >= ?`,
   * `AND status = 'pending'`, `AND version = ?`), so the write itself is conditional.
   */
  conditional: boolean;
  /** Columns compared in the WHERE (lower-cased, unqualified). */
  whereColumns: string[];
  /** Columns SET by an UPDATE or upsert's update part; INSERT column list for inserts. */
  setColumns: string[];
  /** `SET col = col + n` / `col - n`. */
  relativeSets: RelativeSet[];
  upsert: UpsertForm | null;
  /** Conflict target columns of `ON CONFLICT (a, b)` when given. */
  conflictTarget?: string[];
  /** For begin / set-isolation: the isolation level named. */
  isolation?: Isolation;
  /** SQLite `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE`. */
  beginMode?: 'deferred' | 'immediate' | 'exclusive';
  /**
   * How the body was read: 'parsed' by node-sql-parser; 'flat', a flat statement or one with no body
   * (BEGIN, SET …) read from tokens without the parser (sql/flat.ts); 'tolerant' from tokens because no
   * grammar accepted it.
   */
  confidence: 'parsed' | 'flat' | 'tolerant';
  /** Dialect whose grammar parsed it (when confidence is 'parsed'). */
  parsedAs?: Dialect;
  /** The parser's message when it failed and the tolerant reader was used. */
  parseError?: string;
  /**
   * The statement normalised for fingerprints and timelines: whitespace collapsed, keywords upper-cased,
   * literals and stand-ins kept as written (`?`, `$1`, `:name`), prefix holes removed.
   */
  normalized: string;
  /**
   * When the text holds several statements (`BEGIN; SELECT …; COMMIT`): the kind of each, in order.
   * The other facts describe the first data statement (select/insert/update/delete/upsert/lock), else
   * the first `begin` (with the isolation of a `SET TRANSACTION` before it), else the first statement.
   */
  statements?: StatementKind[];
  /** A SELECT whose column list computes an aggregate (`MAX(no)`, `COUNT(*)`): a value or a limit, not rows. */
  aggregate?: boolean;
}
