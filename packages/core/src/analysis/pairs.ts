/**
 * Pairs each write with the reads it depends on (same table), and names what protects each pair.
 */
import type { FileModel, Unit } from '../model.js';
import { isKeyColumn } from '../sql/index.js';
import type { Pair, Protection, Shape, Step } from './types.js';
import { isWrite, type WalkResult } from './walk.js';

export function pairsOf(file: FileModel, unit: Unit, walk: WalkResult): Pair[] {
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  for (const write of walk.steps) {
    const w = write.query.sql;
    if (!isWrite(write.query) || w.kind === 'upsert') continue;
    const guardReads = readsOf(write.guard.events, walk);
    const dataReads = readsOf(write.data.events, walk);
    for (const read of new Set([...guardReads, ...dataReads])) {
      const table = sharedTable(read, write);
      if (!table) continue;
      const key = `${read.query.id}:${read.via.join('/')}>${write.query.id}:${write.via.join('/')}@${table}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const guarded = guardReads.has(read);
      const computed = dataReads.has(read);
      if (!guarded && !decidesByData(read, write)) continue;
      const link = guarded && computed ? 'both' : guarded ? 'guard' : 'data';
      const shape: Shape = w.kind === 'insert' ? 'insert-if-absent' : link === 'data' ? 'lost-update' : 'read-decide-write';
      const tx = read.tx && write.tx && read.tx.serial === write.tx.serial ? write.tx : undefined;
      pairs.push({ file, unit, table, read, write, link, shape, tx, protections: protectionsOf(read, write, tx), dialect: file.dialect });
    }
  }
  return pairs;
}

export function lockingReadsOutsideTransaction(walk: WalkResult): Step[] {
  return walk.steps.filter((s) => s.query.sql.kind === 'select' && s.query.sql.locking && !s.tx);
}

/**
 * Without a guard, a read only feeds the write. That is a race when the read computes what an UPDATE
 * writes back (a lost update), the value an INSERT takes (`MAX(no) + 1`), or when the read's own WHERE
 * chose the rows a DELETE removes by something other than their key (`updated_at < ?`: the row can
 * change in between). It is not one when rows found by key are copied into INSERTs or deleted by id.
 */
function decidesByData(read: Step, write: Step): boolean {
  const kind = write.query.sql.kind;
  if (kind === 'update') return true;
  if (kind === 'insert') return !!read.query.sql.aggregate;
  return read.query.sql.whereColumns.some((c) => !isKeyColumn(c));
}

function readsOf(ids: readonly number[], walk: WalkResult): Set<Step> {
  const out = new Set<Step>();
  for (const id of ids) for (const s of walk.sources.get(id) ?? []) out.add(s);
  return out;
}

function sharedTable(read: Step, write: Step): string | undefined {
  const readTables = read.query.sql.tables;
  return write.query.sql.writeTables.find((t) => readTables.includes(t));
}

/**
 * A locking read protects an UPDATE/DELETE of the row it locked. `FOR KEY SHARE` does not block an ordinary
 * UPDATE. For an INSERT after "no row found" there is no row to lock: only MySQL's gap locks (REPEATABLE READ
 * and above) keep another transaction from inserting it.
 */
function lockProtects(read: Step, write: Step, tx: NonNullable<Step['tx']>): boolean {
  const locking = read.query.sql.locking;
  if (!locking || locking === 'for-key-share') return false;
  if (write.query.sql.kind !== 'insert') return true;
  return read.file.dialect === 'mysql' && tx.isolation !== 'read-committed' && tx.isolation !== 'read-uncommitted';
}

function protectionsOf(read: Step, write: Step, tx: Step['tx']): Protection[] {
  const out: Protection[] = [];
  if (tx) {
    if (tx.isolation === 'serializable') out.push('serializable');
    if (tx.serializing) out.push('serializing-transaction');
    if (lockProtects(read, write, tx)) out.push('locking-read');
  }
  if (read.locked) out.push('advisory-lock');
  if (write.query.sql.conditional && write.query.sql.kind !== 'insert') out.push('conditional-write');
  if (tx && out.length === 0) out.push('plain-transaction');
  return out;
}
