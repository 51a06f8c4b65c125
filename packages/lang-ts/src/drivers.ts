/**
 * The API table: which calls run SQL, prepare statements, open/close transactions or take
 * transaction callbacks, and which driver family a call belongs to.
 *
 * Recognised shapes (method names are matched on any receiver):
 * - SQL as the first argument of any call (`pool.query`, `conn.execute`, `knex.raw`, `db.any`, `run(sql)`),
 *   or a `{ text, values }` / `{ sql, values }` config object;
 * - tagged templates whose text is SQL (postgres.js ``sql`…` ``);
 * - prepared statements: `X.prepare(sql)` then `.run/.get/.all/.iterate/.execute/.query`;
 * - transactions: `beginTransaction/startTransaction`, `commit/commitTransaction`, `rollback/rollbackTransaction`,
 *   `X.transaction()` without a callback (knex, Sequelize), and callbacks `X.transaction(fn)`, `X.begin(fn)`, `X.tx(fn)`.
 */
import type { Isolation, TxAction } from '@tocscan/core';

const TX_METHODS: Readonly<Record<string, TxAction>> = {
  beginTransaction: 'begin',
  startTransaction: 'begin',
  commit: 'commit',
  commitTransaction: 'commit',
  rollback: 'rollback',
  rollbackTransaction: 'rollback',
};

/** `conn.beginTransaction()`, `trx.commit()`, `queryRunner.rollbackTransaction()`. */
export function txMethodAction(method: string): TxAction | undefined {
  return Object.hasOwn(TX_METHODS, method) ? TX_METHODS[method] : undefined;
}

/** Methods that run a function inside a transaction: knex/Sequelize/TypeORM/better-sqlite3 `transaction`, postgres.js `begin`, pg-promise `tx`. */
export const TX_CALLBACK_METHODS: ReadonlySet<string> = new Set(['transaction', 'begin', 'tx']);

/** `X.transaction()` with no callback returns a transaction object (knex `await knex.transaction()`, Sequelize). */
export const TX_OBJECT_METHOD = 'transaction';

/** better-sqlite3 transaction functions can be called through these variants: `buy.immediate(1)`. */
export const SQLITE_TX_VARIANTS: ReadonlySet<string> = new Set(['deferred', 'immediate', 'exclusive']);

export const PREPARE_METHOD = 'prepare';

/** Calls on a prepared statement that execute it. */
export const STATEMENT_EXEC_METHODS: ReadonlySet<string> = new Set(['run', 'get', 'all', 'iterate', 'execute', 'query']);

/** Calls on a better-sqlite3 statement that return the statement itself. */
export const STATEMENT_CHAIN_METHODS: ReadonlySet<string> = new Set(['pluck', 'raw', 'expand', 'bind', 'safeIntegers']);

/** APIs whose direct return value is the affected-row count (Prisma raw execution). */
export const COUNT_RETURNING_METHODS: ReadonlySet<string> = new Set(['$executeRaw', '$executeRawUnsafe']);

/** Promise continuation callbacks run as part of the unit; `then`'s first callback receives the value. */
export const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Synchronous array callbacks (the callback's first parameter is an element; `reduce` passes the accumulator first). */
export const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'reduce',
  'reduceRight',
]);

/** `pool.getConnection((err, conn) => …)`, `pool.connect((err, client, done) => …)`: the callback runs as part of the unit. */
export const CONNECTION_CALLBACK_METHODS: ReadonlySet<string> = new Set(['connect', 'getConnection']);

/** `Promise.all([a, b])` keeps the per-element values of its array for destructuring. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any']);

/** Names of calls that take text but never execute it (logging, string building, responses, assertions). */
const NON_EXECUTING_METHODS = new Set([
  'log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose',
  'push', 'unshift', 'concat', 'join', 'replace', 'replaceAll', 'split', 'includes', 'startsWith', 'endsWith',
  'indexOf', 'lastIndexOf', 'match', 'matchAll', 'search', 'test', 'slice', 'substring', 'toLowerCase', 'toUpperCase',
  'padEnd', 'padStart', 'repeat', 'localeCompare', 'charAt', 'trim', 'trimStart', 'trimEnd', 'normalize',
  'send', 'json', 'write', 'render', 'redirect', 'emit', 'alert', 'confirm', 'prompt', 't', 'translate',
  'assert', 'equal', 'strictEqual', 'deepEqual', 'expect', 'toBe', 'toEqual', 'toContain', 'toMatch', 'toThrow',
  'describe', 'it', 'set', 'add', 'has', 'append', 'setItem', 'parse', 'stringify', 'encodeURIComponent', 'format',
  'String', 'Error', 'TypeError', 'RangeError', 'Symbol', 'Number', 'Boolean',
]);
const NON_EXECUTING_RECEIVERS = new Set(['console', 'logger', 'log', 'assert', 'JSON', 'Object', 'Math', 'path', 'fs']);

/** True when a call with SQL text as its first argument does not run it. */
export function isNonExecuting(method: string, receiverRoot: string | undefined): boolean {
  return NON_EXECUTING_METHODS.has(method) || (receiverRoot !== undefined && NON_EXECUTING_RECEIVERS.has(receiverRoot));
}

/** `mysql.format(sql, values)`, `SqlString.format(…)`, `util.format(…)`: SQL text in, SQL text out. */
export const FORMAT_METHOD = 'format';

/** Isolation level named in a string or option text: `'isolation level serializable'`, `{ isolationLevel: 'serializable' }`, `ISOLATION_LEVELS.SERIALIZABLE`. */
export function isolationIn(text: string): Isolation | undefined {
  if (/serializable/i.test(text)) return 'serializable';
  if (/repeatable[\s_-]*read/i.test(text)) return 'repeatable-read';
  if (/read[\s_-]*uncommitted/i.test(text)) return 'read-uncommitted';
  if (/read[\s_-]*committed/i.test(text)) return 'read-committed';
  return undefined;
}

export type QueryForm = 'call' | 'tagged' | 'statement' | 'config';

/** Driver family of a recognised query, from its form, the method called and the drivers imported. */
export function driverFor(form: QueryForm, method: string | undefined, modules: ReadonlySet<string>): string {
  const mysql = modules.has('mysql2') || modules.has('mysql');
  const pg = modules.has('pg') || modules.has('pg-pool');
  switch (form) {
    case 'tagged':
      return modules.has('postgres') ? 'postgres' : 'generic';
    case 'statement':
      if (modules.has('better-sqlite3')) return 'better-sqlite3';
      if (mysql && (method === 'execute' || method === 'query')) return 'mysql2';
      return method === 'run' || method === 'get' || method === 'all' || method === 'iterate' ? 'better-sqlite3' : 'generic';
    case 'config':
      return mysql && !pg ? 'mysql2' : 'pg';
    case 'call':
      if (method === 'raw') return 'knex';
      if (method === 'query' && pg) return 'pg';
      if ((method === 'query' || method === 'execute') && mysql) return 'mysql2';
      if (method === 'exec' && modules.has('better-sqlite3')) return 'better-sqlite3';
      if (method === 'unsafe' && modules.has('postgres')) return 'postgres';
      return 'generic';
  }
}

/** Modules whose `transaction(fn)` is promise-based (so a non-async callback is not better-sqlite3's). */
const PROMISE_TX_MODULES = ['knex', 'sequelize', 'typeorm', 'objection', 'pg-promise', 'mysql2', 'mysql', 'pg'];

/**
 * better-sqlite3's `db.transaction(fn)` returns a function that runs `fn` in a transaction; its callback is
 * synchronous. A non-async callback in a file that does not import a promise-based driver is taken as that.
 */
export function isSqliteStyleTransaction(callbackIsAsync: boolean, modules: ReadonlySet<string>): boolean {
  if (callbackIsAsync) return false;
  if (modules.has('better-sqlite3')) return true;
  return !PROMISE_TX_MODULES.some((m) => modules.has(m));
}
