/**
 * What a statement is, read from its tokens alone: kind, upsert form, locking clause, transaction
 * control (isolation, SQLite begin mode). Tokens answer these exactly and the same way in every
 * dialect, so both the parsed and the tolerant path take them from here. The shape also lists the
 * tokens to leave out before parsing: locking clauses (PostgreSQL's grammar rejects `FOR UPDATE`,
 * no grammar takes `FOR SHARE`) and statement modifiers (`UPDATE IGNORE`, `INSERT OR IGNORE`,
 * `DELETE QUICK`) that some grammars reject and that the shape already recorded.
 */
import type { Isolation } from '../model.js';
import type { LockingClause, StatementKind, UpsertForm } from './facts.js';
import type { SqlToken } from './standins.js';
import { isKw, isOp, matchParens } from './tokens.js';

export interface Shape {
  kind: StatementKind;
  upsert: UpsertForm | null;
  locking: LockingClause | null;
  lockingOption?: 'nowait' | 'skip-locked';
  isolation?: Isolation;
  beginMode?: 'deferred' | 'immediate' | 'exclusive';
  /** Index of the statement's main keyword (after `(` and a `WITH` clause); -1 when there is none. */
  head: number;
  /** Token indexes to leave out of the text handed to the parser. */
  strip: Set<number>;
}

/** Functions that take an advisory lock (`SELECT pg_advisory_xact_lock(…)`, `SELECT GET_LOCK(…)`). */
const LOCK_FUNCTIONS = new Set([
  'PG_ADVISORY_LOCK',
  'PG_ADVISORY_XACT_LOCK',
  'PG_ADVISORY_LOCK_SHARED',
  'PG_ADVISORY_XACT_LOCK_SHARED',
  'PG_TRY_ADVISORY_LOCK',
  'PG_TRY_ADVISORY_XACT_LOCK',
  'PG_TRY_ADVISORY_LOCK_SHARED',
  'PG_TRY_ADVISORY_XACT_LOCK_SHARED',
  'GET_LOCK',
]);

const INSERT_MODIFIERS = new Set(['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE']);
const UPDATE_MODIFIERS = new Set(['LOW_PRIORITY', 'IGNORE']);
const DELETE_MODIFIERS = new Set(['LOW_PRIORITY', 'QUICK', 'IGNORE']);

/** Index of the main keyword: skips opening parens and a `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (…), …` clause. */
export function findHead(ts: readonly SqlToken[], match: readonly number[]): number {
  let i = 0;
  while (isOp(ts[i], '(')) i++;
  if (!isKw(ts[i], 'WITH')) return i < ts.length ? i : -1;
  i++;
  if (isKw(ts[i], 'RECURSIVE')) i++;
  while (i < ts.length) {
    i++; // CTE name
    if (isOp(ts[i], '(')) i = match[i] + 1;
    if (!isKw(ts[i], 'AS')) return i < ts.length ? i : -1;
    i++;
    if (isKw(ts[i], 'NOT')) i++;
    if (isKw(ts[i], 'MATERIALIZED')) i++;
    if (!isOp(ts[i], '(')) return i < ts.length ? i : -1;
    i = match[i] + 1;
    if (!isOp(ts[i], ',')) break;
    i++;
  }
  while (isOp(ts[i], '(')) i++;
  return i < ts.length ? i : -1;
}

export function readShape(ts: readonly SqlToken[]): Shape {
  const match = matchParens(ts);
  const head = findHead(ts, match);
  const shape: Shape = { kind: 'other', upsert: null, locking: null, head, strip: new Set() };
  if (head < 0) return shape;
  const h = ts[head];
  const next = ts[head + 1];
  readLocking(ts, shape);
  stripIndexHints(ts, shape);

  if (isKw(h, 'SELECT', 'VALUES', 'TABLE')) {
    shape.kind = callsLockFunction(ts) ? 'lock' : 'select';
  } else if (isKw(h, 'INSERT', 'REPLACE')) {
    readInsert(ts, head, shape);
  } else if (isKw(h, 'UPDATE')) {
    shape.kind = 'update';
    stripModifiers(ts, head + 1, UPDATE_MODIFIERS, shape);
  } else if (isKw(h, 'DELETE')) {
    shape.kind = 'delete';
    stripModifiers(ts, head + 1, DELETE_MODIFIERS, shape);
  } else if (isKw(h, 'BEGIN') || (isKw(h, 'START') && isKw(next, 'TRANSACTION'))) {
    shape.kind = 'begin';
    shape.isolation = isolationIn(ts);
    const mode = ts.slice(head + 1).find((t) => isKw(t, 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE'));
    if (mode) shape.beginMode = mode.upper.toLowerCase() as Shape['beginMode'];
  } else if (isKw(h, 'COMMIT', 'END')) {
    const rest = ts.slice(head + 1);
    if (isKw(h, 'END') ? rest.every((t) => isKw(t, 'WORK', 'TRANSACTION')) : !rest.some((t) => isKw(t, 'PREPARED'))) shape.kind = 'commit';
  } else if (isKw(h, 'ROLLBACK', 'ABORT')) {
    // ROLLBACK TO [SAVEPOINT] x undoes part of the transaction and keeps it open
    if (!ts.slice(head + 1).some((t) => isKw(t, 'TO', 'PREPARED'))) shape.kind = 'rollback';
  } else if (isKw(h, 'SET')) {
    readSet(ts, head, shape);
  } else if (isKw(h, 'LOCK')) {
    shape.kind = 'lock';
  } else if (isKw(h, 'DO')) {
    if (callsLockFunction(ts)) shape.kind = 'lock';
  }
  return shape;
}

function callsLockFunction(ts: readonly SqlToken[]): boolean {
  return ts.some((t, i) => t.type === 'word' && !t.parts && LOCK_FUNCTIONS.has(t.upper) && isOp(ts[i + 1], '('));
}

function stripModifiers(ts: readonly SqlToken[], from: number, modifiers: Set<string>, shape: Shape): number {
  let i = from;
  for (;;) {
    const t = ts[i];
    if (t && t.type === 'word' && !t.parts && modifiers.has(t.upper)) shape.strip.add(i++);
    else if (isKw(t, 'OR') && isKw(ts[i + 1], 'IGNORE', 'REPLACE', 'ROLLBACK', 'ABORT', 'FAIL')) {
      shape.strip.add(i++);
      shape.strip.add(i++);
    } else return i;
  }
}

function readInsert(ts: readonly SqlToken[], head: number, shape: Shape): void {
  const replace = isKw(ts[head], 'REPLACE');
  const modifiersAt = head + 1;
  const after = stripModifiers(ts, modifiersAt, INSERT_MODIFIERS, shape);
  const mods = ts.slice(modifiersAt, after);
  let upsert: UpsertForm | null = replace ? 'replace' : null;
  if (!upsert) {
    for (let k = 0; k < mods.length; k++) {
      if (isKw(mods[k], 'OR') && isKw(mods[k + 1], 'IGNORE')) upsert = 'insert-or-ignore';
      else if (isKw(mods[k], 'OR') && isKw(mods[k + 1], 'REPLACE')) upsert = 'insert-or-replace';
      else if (isKw(mods[k], 'IGNORE') && !isKw(mods[k - 1], 'OR')) upsert = 'insert-ignore';
    }
  }
  let depth = 0;
  for (let i = after; i < ts.length; i++) {
    if (isOp(ts[i], '(')) depth++;
    else if (isOp(ts[i], ')')) depth--;
    else if (depth === 0 && isKw(ts[i], 'ON')) {
      if (isKw(ts[i + 1], 'CONFLICT')) upsert = 'on-conflict';
      else if (isKw(ts[i + 1], 'DUPLICATE')) upsert = 'on-duplicate-key';
    }
  }
  shape.upsert = upsert;
  shape.kind = upsert ? 'upsert' : 'insert';
}

/**
 * Locking clauses anywhere in the statement are stripped for the parser; the first one at the top level
 * is the statement's `locking`.
 */
function readLocking(ts: readonly SqlToken[], shape: Shape): void {
  let depth = 0;
  for (let i = 0; i < ts.length; i++) {
    if (isOp(ts[i], '(')) depth++;
    else if (isOp(ts[i], ')')) depth--;
    let clause: LockingClause | null = null;
    let end = i;
    if (isKw(ts[i], 'FOR')) {
      if (isKw(ts[i + 1], 'UPDATE')) [clause, end] = ['for-update', i + 2];
      else if (isKw(ts[i + 1], 'SHARE')) [clause, end] = ['for-share', i + 2];
      else if (isKw(ts[i + 1], 'NO') && isKw(ts[i + 2], 'KEY') && isKw(ts[i + 3], 'UPDATE')) [clause, end] = ['for-no-key-update', i + 4];
      else if (isKw(ts[i + 1], 'KEY') && isKw(ts[i + 2], 'SHARE')) [clause, end] = ['for-key-share', i + 3];
    } else if (isKw(ts[i], 'LOCK') && isKw(ts[i + 1], 'IN') && isKw(ts[i + 2], 'SHARE') && isKw(ts[i + 3], 'MODE')) {
      [clause, end] = ['lock-in-share-mode', i + 4];
    }
    if (!clause || i === 0) continue;
    if (clause !== 'lock-in-share-mode' && isKw(ts[end], 'OF')) {
      end++;
      while (end < ts.length && !isKw(ts[end], 'NOWAIT', 'SKIP', 'FOR') && !isOp(ts[end], ')', ';')) end++;
    }
    let option: Shape['lockingOption'];
    if (isKw(ts[end], 'NOWAIT')) [option, end] = ['nowait', end + 1];
    else if (isKw(ts[end], 'SKIP') && isKw(ts[end + 1], 'LOCKED')) [option, end] = ['skip-locked', end + 2];
    for (let k = i; k < end; k++) shape.strip.add(k);
    if (depth === 0 && !shape.locking) {
      shape.locking = clause;
      if (option) shape.lockingOption = option;
    }
    i = end - 1;
  }
}

/** MySQL index hints (`FORCE INDEX (idx)`, `USE KEY FOR JOIN (…)`): no grammar here takes them, and they say nothing about races. */
function stripIndexHints(ts: readonly SqlToken[], shape: Shape): void {
  const match = matchParens(ts);
  for (let i = 0; i < ts.length; i++) {
    if (!isKw(ts[i], 'USE', 'FORCE', 'IGNORE') || !isKw(ts[i + 1], 'INDEX', 'KEY')) continue;
    let end = i + 2;
    if (isKw(ts[end], 'FOR')) end += isKw(ts[end + 2], 'BY') ? 3 : 2;
    if (!isOp(ts[end], '(')) continue;
    end = match[end] + 1;
    for (let k = i; k < end; k++) shape.strip.add(k);
    i = end - 1;
  }
}

const ISOLATION_VARIABLES = new Set(['TRANSACTION_ISOLATION', 'TX_ISOLATION', 'DEFAULT_TRANSACTION_ISOLATION', '@@TRANSACTION_ISOLATION', '@@TX_ISOLATION', '@@SESSION.TRANSACTION_ISOLATION', '@@SESSION.TX_ISOLATION', '@@GLOBAL.TRANSACTION_ISOLATION', '@@GLOBAL.TX_ISOLATION']);

function readSet(ts: readonly SqlToken[], head: number, shape: Shape): void {
  const iso = isolationIn(ts);
  if (iso && ts.some((t) => isKw(t, 'TRANSACTION'))) {
    shape.kind = 'set-isolation';
    shape.isolation = iso;
    return;
  }
  let i = head + 1;
  while (isKw(ts[i], 'SESSION', 'GLOBAL', 'LOCAL', 'PERSIST')) i++;
  const name = ts[i];
  const value = isOp(ts[i + 1], '=', ':=') || isKw(ts[i + 1], 'TO') ? ts[i + 2] : undefined;
  if (!name || !value) return;
  const variable = name.upper.replace(/^@@(SESSION\.|LOCAL\.)?/, '');
  if (ISOLATION_VARIABLES.has(name.upper) || ISOLATION_VARIABLES.has(variable)) {
    const level = isolationFromText(value.type === 'string' || value.type === 'quoted' ? value.text.slice(1, -1) : value.text);
    if (level) {
      shape.kind = 'set-isolation';
      shape.isolation = level;
    }
  } else if (variable === 'AUTOCOMMIT') {
    // MySQL: autocommit=0 opens a transaction that lasts until COMMIT; setting it back to 1 commits.
    const v = value.text.toUpperCase();
    if (v === '0' || v === 'OFF' || v === 'FALSE') shape.kind = 'begin';
    else if (v === '1' || v === 'ON' || v === 'TRUE') shape.kind = 'commit';
  }
}

/** `… ISOLATION LEVEL <level>` anywhere in the statement. */
function isolationIn(ts: readonly SqlToken[]): Isolation | undefined {
  for (let i = 0; i + 2 < ts.length; i++) {
    if (isKw(ts[i], 'ISOLATION') && isKw(ts[i + 1], 'LEVEL')) {
      const a = ts[i + 2].upper;
      const b = ts[i + 3]?.upper ?? '';
      return isolationFromText(a === 'SERIALIZABLE' ? a : `${a} ${b}`);
    }
  }
  return undefined;
}

function isolationFromText(text: string): Isolation | undefined {
  const s = text.trim().toLowerCase().replace(/[\s_-]+/g, '-');
  if (s === 'serializable') return 'serializable';
  if (s === 'repeatable-read') return 'repeatable-read';
  if (s === 'read-committed') return 'read-committed';
  if (s === 'read-uncommitted') return 'read-uncommitted';
  return undefined;
}
