/**
 * The API table: which PHP calls run SQL, prepare or execute statements, open and close transactions,
 * read affected-row counts, or build SQL text. Classification is by callee shape only (function name,
 * method name, static class, receiver text); what the receiver holds (a prepared statement, a result
 * handle) is decided by the caller with the values it tracks.
 */
import type { Isolation, TxAction } from '@tocscan/core';
import type { ConnKind } from './value.js';

/** What a query API returns. `auto`: decided by the method name and statement kind (generic wrappers). */
export type ResultKind = 'handle' | 'data' | 'count' | 'auto';

/** Where a statement comes from: the call's receiver or one of its arguments. */
export type StmtRef = 'receiver' | number;

export type DriverCall =
  /** Runs the SQL in argument `sqlArg`; `bindArgs` are bound values; `strict`: only when that argument reads as SQL. */
  | { op: 'query'; sqlArg: number; bindArgs: number[]; result: ResultKind; driver: string; strict: boolean }
  | { op: 'prepare'; sqlArg: number; driver: string; strict: boolean }
  | { op: 'execute'; stmt: StmtRef; bindArgs: number[] }
  | { op: 'bind'; stmt: StmtRef; firstValue: number }
  | { op: 'bindResult'; stmt: StmtRef; firstTarget: number }
  /** A value taken from a statement's latest execution. */
  | { op: 'fromStmt'; stmt: StmtRef; as: 'handle' | 'data' | 'count' }
  /** The affected-row count of the latest write (`mysqli_affected_rows($conn)`), or of a result handle argument. */
  | { op: 'count'; from: 'lastWrite' | number }
  /** `isolation`: the level a configured begin function opens the transaction at. */
  | { op: 'tx'; action: TxAction; isolation?: Isolation }
  /** `autocommit(false)` begins, `autocommit(true)` commits. */
  | { op: 'autocommit'; arg: number }
  /** Runs the closure in `fnArg` inside a transaction (`DB::transaction`, `$conn->transactional`). */
  | { op: 'txCallback'; fnArg: number; driver: string; isolation?: Isolation }
  /** Runs the closure in `fnArg` synchronously over the elements of `source`. */
  | { op: 'arrayCallback'; fnArg: number; source: StmtRef; carryArg?: number }
  /** `$wpdb->update($table, $data, $where)` and friends: the SQL is synthesised from the arguments. */
  | { op: 'synth'; write: SynthWrite; driver: string }
  /** Returns SQL text built from argument `sqlArg` (`$wpdb->prepare`, `DB::raw`, `trim`). */
  | { op: 'sqlString'; sqlArg: number }
  | { op: 'format'; vector: boolean }
  | { op: 'exit' }
  /** `abort_if($cond, …)`: leaves the unit when argument `condArg` holds. */
  | { op: 'exitIf'; condArg: number }
  /** DBAL `setTransactionIsolation(...)`. */
  | { op: 'isolation'; arg: number }
  | { op: 'connect'; conn: ConnKind }
  /** Never executes SQL even when given SQL text (logging, string functions). */
  | { op: 'notSql' };

export type SynthWrite = 'update' | 'insert' | 'delete' | 'replace';

export interface CallShape {
  /** Plain function call: the name, lower-cased, namespace stripped. */
  fn?: string;
  /** Method or static method name as written. */
  method?: string;
  /** Static call class as written (`DB`, `self`, `\Illuminate\Support\Facades\DB`). */
  staticClass?: string;
  /** Receiver source text (`$this->db`, `$pdo`, `DB::connection('x')`). */
  receiverText?: string;
  argc: number;
}

const F = (sqlArg: number, driver: string, result: ResultKind = 'handle', bindArgs: number[] = []): DriverCall => ({
  op: 'query',
  sqlArg,
  bindArgs,
  result,
  driver,
  strict: false,
});

/** Procedural driver functions and PHP functions with a fixed meaning here. */
function classifyFunction(fn: string, argc: number): DriverCall | undefined {
  switch (fn) {
    case 'mysqli_query':
    case 'mysqli_real_query':
    case 'mysqli_multi_query':
      return F(1, 'mysqli');
    case 'mysqli_execute_query':
      return F(1, 'mysqli', 'handle', [2]);
    case 'mysql_query':
    case 'mysql_unbuffered_query':
      return F(0, 'mysql');
    case 'mysql_db_query':
      return F(1, 'mysql');
    case 'pg_query':
      return F(argc > 1 ? 1 : 0, 'pgsql');
    case 'pg_query_params':
      return argc > 2 ? F(1, 'pgsql', 'handle', [2]) : F(0, 'pgsql', 'handle', [1]);
    case 'sqlsrv_query':
      return F(1, 'sqlsrv', 'handle', [2]);
    case 'mysqli_prepare':
      return { op: 'prepare', sqlArg: 1, driver: 'mysqli', strict: false };
    case 'mysqli_stmt_execute':
      return { op: 'execute', stmt: 0, bindArgs: [1] };
    case 'mysqli_stmt_bind_param':
      return { op: 'bind', stmt: 0, firstValue: 2 };
    case 'mysqli_stmt_bind_result':
      return { op: 'bindResult', stmt: 0, firstTarget: 1 };
    case 'mysqli_stmt_get_result':
      return { op: 'fromStmt', stmt: 0, as: 'handle' };
    case 'mysqli_stmt_affected_rows':
      return { op: 'fromStmt', stmt: 0, as: 'count' };
    case 'mysqli_stmt_fetch':
    case 'mysqli_stmt_num_rows':
      return { op: 'fromStmt', stmt: 0, as: 'data' };
    case 'mysqli_affected_rows':
    case 'mysql_affected_rows':
      return { op: 'count', from: 'lastWrite' };
    case 'pg_affected_rows':
    case 'sqlsrv_rows_affected':
      return { op: 'count', from: 0 };
    case 'mysqli_begin_transaction':
      return { op: 'tx', action: 'begin' };
    case 'mysqli_commit':
      return { op: 'tx', action: 'commit' };
    case 'mysqli_rollback':
      return { op: 'tx', action: 'rollback' };
    case 'mysqli_autocommit':
      return { op: 'autocommit', arg: 1 };
    case 'sqlsrv_begin_transaction':
      return { op: 'tx', action: 'begin' };
    case 'sqlsrv_commit':
      return { op: 'tx', action: 'commit' };
    case 'sqlsrv_rollback':
      return { op: 'tx', action: 'rollback' };
    case 'mysqli_connect':
    case 'mysqli_init':
      return { op: 'connect', conn: 'mysqli' };
    case 'pg_connect':
    case 'pg_pconnect':
      return { op: 'connect', conn: 'pgsql' };
    case 'sprintf':
      return { op: 'format', vector: false };
    case 'vsprintf':
      return { op: 'format', vector: true };
    case 'trim':
    case 'rtrim':
    case 'ltrim':
      return { op: 'sqlString', sqlArg: 0 };
    case 'array_map':
      return { op: 'arrayCallback', fnArg: 0, source: 1 };
    case 'array_filter':
    case 'array_walk':
    case 'array_walk_recursive':
    case 'usort':
    case 'uasort':
    case 'uksort':
      return { op: 'arrayCallback', fnArg: 1, source: 0 };
    case 'array_reduce':
      return { op: 'arrayCallback', fnArg: 1, source: 0, carryArg: 2 };
    case 'abort':
    case 'wp_die':
    case 'wp_send_json':
    case 'wp_send_json_error':
    case 'wp_send_json_success':
      return { op: 'exit' };
    case 'abort_if':
    case 'abort_unless':
    case 'throw_if':
    case 'throw_unless':
      return { op: 'exitIf', condArg: 0 };
    default:
      return NOT_SQL_FUNCTIONS.has(fn) ? { op: 'notSql' } : undefined;
  }
}

/** PHP functions that take or build strings: SQL text passed to them is not executed. */
const NOT_SQL_FUNCTIONS = new Set([
  'printf', 'fprintf', 'sprintf', 'vsprintf', 'error_log', 'trigger_error', 'user_error', 'syslog', 'var_dump', 'var_export',
  'print_r', 'define', 'defined', 'str_replace', 'str_ireplace', 'preg_replace', 'preg_match', 'preg_match_all', 'preg_split',
  'preg_quote', 'strtolower', 'strtoupper', 'ucfirst', 'lcfirst', 'substr', 'strpos', 'stripos', 'strrpos', 'str_contains',
  'str_starts_with', 'str_ends_with', 'strlen', 'mb_strlen', 'mb_substr', 'explode', 'implode', 'join', 'md5', 'sha1', 'hash',
  'crc32', 'json_encode', 'htmlspecialchars', 'htmlentities', 'addslashes', 'esc_sql', 'esc_html', 'esc_attr', '__', '_e',
  'esc_html__', 'in_array', 'array_push', 'array_unshift', 'compact', 'assert', 'file_put_contents', 'fwrite', 'fputs',
  'setcookie', 'header', 'mysqli_real_escape_string', 'mysql_real_escape_string', 'mysqli_escape_string', 'pg_escape_string',
  'wp_cache_get', 'wp_cache_set', 'set_transient', 'get_transient', 'update_option', 'add_option', 'get_option',
]);

/** Method names whose SQL text argument is not executed (logging, translation, building). */
const NOT_SQL_METHODS = new Set([
  'log', 'debug', 'info', 'notice', 'warning', 'warn', 'error', 'critical', 'alert', 'emergency', 'trace', 'write',
  'addmessage', 'addflash', 'flash', 'setsql', 'quote', 'escape', 'escape_string', 'real_escape_string', 'esc_like',
  'assertsame', 'assertequals', 'expectexception', 'append', 'push', 'set', 'put', 'translate', 'trans',
]);

const DBAL_DATA = new Set([
  'fetchassociative', 'fetchnumeric', 'fetchone', 'fetchallassociative', 'fetchallnumeric', 'fetchfirstcolumn',
  'fetchallkeyvalue', 'fetchallassociativeindexed', 'fetchassoc', 'fetcharray', 'fetchcolumn', 'fetchall',
  'iterateassociative', 'iteratenumeric', 'iteratecolumn',
]);

const LARAVEL_DATA = new Set(['select', 'selectone', 'scalar', 'cursor', 'selectfromwriteconnection', 'selectresultsets']);

const BEGIN = new Set(['begintransaction', 'begin_transaction', 'starttransaction', 'transbegin', 'trans_begin', 'transstart', 'trans_start']);
const COMMIT = new Set(['commit', 'transcommit', 'trans_commit', 'transcomplete', 'trans_complete']);
const ROLLBACK = new Set(['rollback', 'transrollback', 'trans_rollback']);

/** Affected-row count accessors of wrappers: `affectedRows()`, `affected_rows()`, `countAffected()`, `sql_affectedrows()`. */
const AFFECTED_ROWS = /affected_?rows|countaffected|rows_?affected/;

const ARRAY_METHODS = new Set(['each', 'map', 'filter', 'reject', 'transform', 'every', 'some', 'sortby', 'sum', 'flatmap', 'mapwithkeys', 'first', 'contains']);

/** WordPress core tables reachable as `$wpdb->posts` etc. */
export const WPDB_TABLES = new Set([
  'posts', 'postmeta', 'users', 'usermeta', 'options', 'comments', 'commentmeta', 'terms', 'termmeta', 'term_taxonomy',
  'term_relationships', 'links', 'blogs', 'blogmeta', 'site', 'sitemeta', 'signups', 'registration_log',
]);

export function isWpdbReceiver(text: string | undefined): boolean {
  return !!text && /(^|->|\[')\$?wpdb('\])?$/.test(text.replace(/\s+/g, ''));
}

function isLaravelFacade(cls: string | undefined): boolean {
  return !!cls && /^\\?(Illuminate\\Support\\Facades\\)?DB$/i.test(cls);
}

/** Receivers that name a database connection (`$db`, `$this->pdo`, `$conn`, `$this->connection`, `$dbh`). */
export function isDbReceiver(text: string | undefined): boolean {
  if (!text) return false;
  const last = text.replace(/\s+/g, '').split(/->|::|\?->/).pop() ?? '';
  return /^\$?(db|dbh|pdo|conn|connection|mysqli|mysql|database|link|wpdb|em|entitymanager|dbal|handle|pg)\w*$/i.test(last) || /^DB::connection\(/i.test(text);
}

/**
 * Classify a call. `selfHelper`: the callee is a method of this file called on `$this`/`self`/`static`
 * (such calls are helpers, not driver APIs, unless they carry SQL text).
 */
export function classifyCall(shape: CallShape, selfHelper: boolean): DriverCall | undefined {
  if (shape.fn !== undefined) return classifyFunction(shape.fn, shape.argc);
  const method = shape.method?.toLowerCase();
  if (!method) return undefined;
  if (shape.staticClass !== undefined && isLaravelFacade(shape.staticClass)) return classifyLaravel(method);
  if (shape.receiverText && /^\\?(Illuminate\\Support\\Facades\\)?DB::connection\(/i.test(shape.receiverText)) {
    const laravel = classifyLaravel(method);
    if (laravel) return laravel;
  }
  if (isWpdbReceiver(shape.receiverText)) {
    const wp = classifyWpdb(method);
    if (wp) return wp;
  }
  if (NOT_SQL_METHODS.has(method)) return { op: 'notSql' };
  if (selfHelper) return undefined;
  if (DBAL_DATA.has(method)) return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'data', driver: 'dbal', strict: true };
  switch (method) {
    case 'executequery':
      return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'handle', driver: 'dbal', strict: true };
    case 'executestatement':
    case 'executeupdate':
      return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'count', driver: 'dbal', strict: true };
    case 'exec':
      return { op: 'query', sqlArg: 0, bindArgs: [], result: 'count', driver: '', strict: true };
    case 'prepare':
      return { op: 'prepare', sqlArg: 0, driver: '', strict: !isDbReceiver(shape.receiverText) };
    case 'execute':
      return { op: 'execute', stmt: 'receiver', bindArgs: [0] };
    case 'bindparam':
    case 'bindvalue':
      return { op: 'bind', stmt: 'receiver', firstValue: 1 };
    case 'bind_param':
      return { op: 'bind', stmt: 'receiver', firstValue: 1 };
    case 'bind_result':
      return { op: 'bindResult', stmt: 'receiver', firstTarget: 0 };
    case 'get_result':
      return { op: 'fromStmt', stmt: 'receiver', as: 'handle' };
    case 'rowcount':
      return { op: 'fromStmt', stmt: 'receiver', as: 'count' };
    case 'autocommit':
      return { op: 'autocommit', arg: 0 };
    case 'transactional':
    case 'wrapintransaction':
    case 'transaction':
      return { op: 'txCallback', fnArg: 0, driver: method === 'transaction' ? '' : 'dbal' };
    case 'settransactionisolation':
      return { op: 'isolation', arg: 0 };
    default:
      break;
  }
  if (AFFECTED_ROWS.test(method)) return { op: 'count', from: 'lastWrite' };
  if (BEGIN.has(method)) return { op: 'tx', action: 'begin' };
  if (COMMIT.has(method)) return { op: 'tx', action: 'commit' };
  if (ROLLBACK.has(method)) return { op: 'tx', action: 'rollback' };
  if (ARRAY_METHODS.has(method)) return { op: 'arrayCallback', fnArg: 0, source: 'receiver' };
  if (method === 'update' || method === 'insert' || method === 'delete' || method === 'replace') {
    if (isDbReceiver(shape.receiverText) && shape.argc >= 2) return { op: 'synth', write: method, driver: '' };
  }
  return undefined;
}

function classifyLaravel(method: string): DriverCall | undefined {
  if (LARAVEL_DATA.has(method)) return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'data', driver: 'laravel', strict: false };
  switch (method) {
    case 'update':
    case 'delete':
    case 'affectingstatement':
      return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'count', driver: 'laravel', strict: false };
    case 'insert':
    case 'statement':
    case 'unprepared':
      return { op: 'query', sqlArg: 0, bindArgs: [1], result: 'handle', driver: 'laravel', strict: false };
    case 'transaction':
      return { op: 'txCallback', fnArg: 0, driver: 'laravel' };
    case 'begintransaction':
      return { op: 'tx', action: 'begin' };
    case 'commit':
      return { op: 'tx', action: 'commit' };
    case 'rollback':
      return { op: 'tx', action: 'rollback' };
    case 'raw':
      return { op: 'sqlString', sqlArg: 0 };
    case 'connection':
      return { op: 'connect', conn: 'laravel' };
    default:
      return undefined;
  }
}

function classifyWpdb(method: string): DriverCall | undefined {
  switch (method) {
    case 'query':
      return { op: 'query', sqlArg: 0, bindArgs: [], result: 'count', driver: 'wpdb', strict: false };
    case 'get_row':
    case 'get_var':
    case 'get_results':
    case 'get_col':
      return { op: 'query', sqlArg: 0, bindArgs: [], result: 'data', driver: 'wpdb', strict: false };
    case 'prepare':
      return { op: 'sqlString', sqlArg: 0 };
    case 'update':
    case 'insert':
    case 'delete':
    case 'replace':
      return { op: 'synth', write: method, driver: 'wpdb' };
    default:
      return undefined;
  }
}

/**
 * Argument positions whose closures run inline, as part of the calling unit (transaction callbacks,
 * array callbacks). Depends only on the callee's shape, so unit discovery and the walker agree.
 */
export function inlineCallbackArg(shape: CallShape, selfHelper: boolean): number | undefined {
  const c = classifyCall(shape, selfHelper);
  if (c?.op === 'txCallback' || c?.op === 'arrayCallback') return c.fnArg;
  return undefined;
}

/** Result kind of a generic wrapper from its name: fetch-like names return data, `exec`-like names a count. */
export function genericResult(name: string, isWrite: boolean): 'handle' | 'data' | 'count' {
  const n = name.toLowerCase();
  if (isWrite && /^(exec|executeupdate|executestatement|affectingstatement|update|delete|modify|affected)/.test(n)) return 'count';
  if (/fetch|get|select|row|one|all|col|value|scalar|first|find|load|lookup/.test(n)) return 'data';
  return 'handle';
}

/** Connection kind named by a parameter or property type. */
export function connOfType(typeName: string | undefined, dbalImported: boolean): ConnKind | undefined {
  if (!typeName) return undefined;
  const t = typeName.replace(/^\?/, '').split('\\').pop()?.toLowerCase();
  if (t === 'pdo') return 'pdo';
  if (t === 'mysqli') return 'mysqli';
  if (t === 'wpdb') return 'wpdb';
  if (t === 'connection' && (dbalImported || /doctrine/i.test(typeName))) return 'dbal';
  if (t === 'connectioninterface' || t === 'databasemanager') return 'laravel';
  return undefined;
}
