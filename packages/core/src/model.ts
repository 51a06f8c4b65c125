/**
 * The language-neutral model every frontend produces and the analysis consumes.
 *
 *   source ──► frontend (lang-ts | lang-php) ──► FileModel ──► analysis ──► Candidate ──► rules ──► Finding
 *
 * Nothing here knows about a host language's AST.
 */
import type { SqlFacts } from './sql/facts.js';

export type Lang = 'ts' | 'php';
export type Dialect = 'mysql' | 'postgresql' | 'sqlite';

/** A source range. `line` is 1-based, `column` is 0-based (ESTree/ESLint convention); offsets are UTF-16 indexes. */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

/**
 * What a value depends on: the ids of events in the same unit whose result flowed into it
 * (query results, helper-call results), and the indexes of the unit's parameters that flowed into it.
 */
export interface Deps {
  events: number[];
  params: number[];
}

/** How an event's own result is used later in the unit. */
export interface ResultUse {
  /** The result (or a value derived from it: `rows[0].qty`, `rowCount`, `num_rows`, `.changes`) decides a condition. */
  inCondition: boolean;
  /** The result (or something derived) is returned from the unit. */
  returned: boolean;
  /**
   * The affected-row count specifically (`rowCount`, `affectedRows`, `changes`, `mysqli_affected_rows`,
   * `$stmt->rowCount()`, `$wpdb->query()`'s return) decides a condition or is returned.
   */
  affectedRowsChecked: boolean;
}

interface EventBase {
  /** Unique within the unit, in source order (ids increase with position). */
  id: number;
  /** Location of the whole call/expression that performs the event. */
  loc: Loc;
  /** Values the control flow depended on to reach this event (enclosing conditions, earlier early exits). */
  guard: Deps;
  /** Values that flowed into the event's arguments or SQL text. */
  data: Deps;
  /**
   * True when the event sits in a branch that unconditionally leaves the unit afterwards
   * (`if (!row) { await client.query('ROLLBACK'); return; }`): its effects do not reach the events after it.
   */
  terminal?: boolean;
}

/** One piece of SQL text as assembled from source: literal text or a hole (interpolation, variable, constant). */
export type SqlPiece =
  | { kind: 'text'; text: string; offset: number }
  | {
      kind: 'hole';
      /** Source text of the hole expression, e.g. `DB_PREFIX`, `$table`, `{$wpdb->prefix}`, `${id}`. */
      source: string;
      offset: number;
      endOffset: number;
    };

export interface QueryEvent extends EventBase {
  type: 'query';
  /** The SQL as pieces in source; `sqlLoc` spans them when they are contiguous in source. */
  pieces: SqlPiece[];
  sqlLoc?: Loc;
  sql: SqlFacts;
  /** The driver call recognised, for messages and fixes: e.g. `pool.query`, `$pdo->prepare`, `$wpdb->get_row`. */
  api: string;
  /** Driver family when known: `pg`, `mysql2`, `better-sqlite3`, `postgres`, `knex`, `pdo`, `mysqli`, `wpdb`, `laravel`, `dbal`, `generic`. */
  driver?: string;
  result: ResultUse;
}

export type TxAction = 'begin' | 'commit' | 'rollback';

export interface TxEvent extends EventBase {
  type: 'tx';
  action: TxAction;
  /** How the transaction was expressed. */
  via: 'sql' | 'call' | 'callback';
  api: string;
  /** Isolation level when known (`SET TRANSACTION ISOLATION LEVEL …`, `BEGIN ISOLATION LEVEL …`, option objects). */
  isolation?: Isolation;
  /**
   * The transaction serialises writers by itself: SQLite `BEGIN IMMEDIATE|EXCLUSIVE`,
   * better-sqlite3 `db.transaction(fn)`.
   */
  serializing?: boolean;
  /**
   * BEGIN/COMMIT/ROLLBACK sent through a connection pool (`pool.query('BEGIN')`): each statement of a
   * pool may run on another connection, so this opens (or ends) no transaction for the statements after it.
   */
  pooled?: boolean;
}

export type Isolation = 'read-uncommitted' | 'read-committed' | 'repeatable-read' | 'serializable';

/** An advisory or table lock taken by a call (`pg_advisory_xact_lock` via SQL is a QueryEvent with sql.kind 'lock'). */
export interface LockEvent extends EventBase {
  type: 'lock';
  api: string;
}

/** A call to something that may be a helper defined elsewhere (same file or project). */
export interface CallEvent extends EventBase {
  type: 'call';
  callee: Callee;
  /** What each argument depended on, by position. */
  args: Deps[];
  result: ResultUse;
}

export interface Callee {
  /** Function or method name as written: `getById`, `decrementQuantity`, `find_product`. */
  name: string;
  /**
   * `this` / `self` / `static` / `parent` for same-class calls; for `this.repo.getById` the property chain
   * (`this.repo`); for `$model->getById` the variable (`$model`); undefined for a plain function call.
   */
  receiver?: string;
  /** Class name when the call is static and names it: `ProductRepository::find`. */
  className?: string;
}

export type DbEvent = QueryEvent | TxEvent | LockEvent | CallEvent;

export interface Unit {
  /** `getById`, `ProductService.buy`, `<script>` for a PHP file's top-level code, `<anonymous@12>` for closures. */
  name: string;
  kind: 'function' | 'method' | 'closure' | 'script' | 'module';
  /** Class name for methods. */
  className?: string;
  /** Bare function/method name used for call resolution. */
  simpleName?: string;
  params: string[];
  loc: Loc;
  /** Ordered by source position. */
  events: DbEvent[];
  /** What the unit's return value depends on. */
  returns: Deps;
  /** Set when the unit is a transaction callback body (`DB::transaction(function () {...})`); events inside are in that transaction. */
  transactionBody?: { api: string; serializing?: boolean; isolation?: Isolation };
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
  /** 'syntax': the host language did not parse (partially read); 'fatal': nothing could be read. */
  severity: 'syntax' | 'fatal';
}

export interface FileModel {
  /** Path as given by the caller (the CLI uses the path relative to cwd; ESLint the physical filename). */
  path: string;
  lang: Lang;
  /** Dialect inferred from the drivers in sight (imports, `new PDO('mysql:…')`, `$wpdb`). */
  dialect?: Dialect;
  units: Unit[];
  problems: ParseProblem[];
}

export function emptyDeps(): Deps {
  return { events: [], params: [] };
}

export function mergeDeps(...all: Deps[]): Deps {
  const events = new Set<number>();
  const params = new Set<number>();
  for (const d of all) {
    for (const e of d.events) events.add(e);
    for (const p of d.params) params.add(p);
  }
  return { events: [...events].sort((a, b) => a - b), params: [...params].sort((a, b) => a - b) };
}

export function hasDeps(d: Deps): boolean {
  return d.events.length > 0 || d.params.length > 0;
}

export function emptyResultUse(): ResultUse {
  return { inCondition: false, returned: false, affectedRowsChecked: false };
}
