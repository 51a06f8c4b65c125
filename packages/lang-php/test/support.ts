import type { CallEvent, DbEvent, FileModel, QueryEvent, TxEvent, Unit } from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import type { ExtractOptions } from '@tocscan/lang-php';
import { expect } from 'vitest';

export function php(code: string, options?: ExtractOptions): FileModel {
  return parsePhp(code.startsWith('<?php') ? code : `<?php\n${code}`, 'test.php', options);
}

export function unit(model: FileModel, name: string): Unit {
  const u = model.units.find((x) => x.name === name);
  if (!u) throw new Error(`no unit ${name}; units: ${model.units.map((x) => x.name).join(', ')}`);
  return u;
}

export function queries(u: Unit): QueryEvent[] {
  return u.events.filter((e): e is QueryEvent => e.type === 'query');
}

export function txs(u: Unit): TxEvent[] {
  return u.events.filter((e): e is TxEvent => e.type === 'tx');
}

export function calls(u: Unit): CallEvent[] {
  return u.events.filter((e): e is CallEvent => e.type === 'call');
}

/** The only query event of kind `kind` (fails when there is not exactly one). */
export function the(u: Unit, kind: string): QueryEvent {
  const found = queries(u).filter((q) => q.sql.kind === kind);
  expect(found.map((q) => q.sql.kind), `one ${kind} in ${u.name}`).toEqual([kind]);
  return found[0];
}

/** SQL text of a query with holes shown as `{source}`. */
export function sqlOf(q: QueryEvent): string {
  return q.pieces.map((p) => (p.kind === 'text' ? p.text : `{${p.source}}`)).join('');
}

/** Event kinds in order, e.g. `select`, `update`, `tx:begin`, `call:getProduct`. */
export function shape(u: Unit): string[] {
  return u.events.map((e: DbEvent) =>
    e.type === 'query' ? e.sql.kind : e.type === 'tx' ? `tx:${e.action}` : e.type === 'call' ? `call:${e.callee.name}` : `lock:${e.api}`,
  );
}
