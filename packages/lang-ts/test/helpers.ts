/** Test helpers: parse a snippet and describe its units/events compactly. */
import type { DbEvent, Deps, FileModel, Unit } from '@tocscan/core';
import { parseTs } from '../src/index.js';
import type { ExtractOptions } from '../src/index.js';

export function model(source: string, path = 'app.ts', options?: ExtractOptions): FileModel {
  const m = parseTs(source, path, options);
  if (m.problems.length) throw new Error(`unexpected problems: ${JSON.stringify(m.problems)}`);
  return m;
}

export function unitNamed(m: FileModel, name: string): Unit {
  const u = m.units.find((x) => x.name === name);
  if (!u) throw new Error(`no unit ${name}; units: ${m.units.map((x) => x.name).join(', ')}`);
  return u;
}

/** The unit of `source` named `name` (default: the only unit with events). */
export function unitOf(source: string, name?: string, path?: string, options?: ExtractOptions): Unit {
  const m = model(source, path, options);
  if (name) return unitNamed(m, name);
  const withEvents = m.units.filter((u) => u.events.length > 0);
  if (withEvents.length !== 1) throw new Error(`expected one unit with events, got ${withEvents.map((u) => u.name).join(', ')}`);
  return withEvents[0];
}

function deps(d: Deps): string {
  return [...d.events.map((e) => `#${e}`), ...d.params.map((p) => `p${p}`)].join(' ');
}

/**
 * One line per event: `#1 query select products [pool.query pg] guard(#…) data(p0) cond ret aff`,
 * `#2 tx begin sql`, `#3 call getById this.repo args(p0|) …`.
 */
export function describeEvent(e: DbEvent): string {
  const parts = [`#${e.id}`, e.type];
  if (e.type === 'query') parts.push(e.sql.kind, e.sql.tables.join(','), `[${e.api} ${e.driver}]`);
  if (e.type === 'tx') {
    parts.push(e.action, e.via);
    if (e.isolation) parts.push(e.isolation);
    if (e.serializing) parts.push('serializing');
  }
  if (e.type === 'call') {
    parts.push(e.callee.name);
    if (e.callee.receiver) parts.push(`recv=${e.callee.receiver}`);
    if (e.callee.className) parts.push(`class=${e.callee.className}`);
    parts.push(`args(${e.args.map(deps).join('|')})`);
  }
  if (e.guard.events.length || e.guard.params.length) parts.push(`guard(${deps(e.guard)})`);
  if (e.data.events.length || e.data.params.length) parts.push(`data(${deps(e.data)})`);
  if (e.type === 'query' || e.type === 'call') {
    if (e.result.inCondition) parts.push('cond');
    if (e.result.returned) parts.push('ret');
    if (e.result.affectedRowsChecked) parts.push('aff');
  }
  if (e.terminal) parts.push('terminal');
  return parts.join(' ');
}

export function describeUnit(u: Unit): string[] {
  return u.events.map(describeEvent);
}

export function dump(m: FileModel): string {
  return m.units
    .map((u) => {
      const head = `${u.kind} ${u.name}(${u.params.join(', ')})${u.transactionBody ? ` tx:${u.transactionBody.api}${u.transactionBody.serializing ? ' serializing' : ''}` : ''} returns(${deps(u.returns)})`;
      return [head, ...describeUnit(u).map((l) => `  ${l}`)].join('\n');
    })
    .join('\n');
}
