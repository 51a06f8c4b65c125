/**
 * Abstract values of the data-dependence walk: what a JS value depends on (events, parameters),
 * whether it is still the raw result object of a query (so `.rowCount` on it is an affected-row count),
 * and, when statically known, the SQL text or prepared statement it holds.
 */
import { emptyDeps, mergeDeps, type Deps, type Loc } from '@tocscan/core';
import type { SqlText } from './sql-text.js';

/** A prepared statement (`db.prepare(sql)`), executed later by `run/get/all/execute`. */
export interface Prepared {
  sql: SqlText;
  /** Where the SQL stands. */
  sqlLoc?: Loc;
  /** Deps of the SQL's holes. */
  sqlDeps: Deps;
}

export interface Val {
  deps: Deps;
  /** Events whose raw result object this value is: affected-row properties on it are counts. */
  raw: number[];
  /** Events whose affected-row count flowed into this value. */
  counts: number[];
  sql?: SqlText;
  prepared?: Prepared;
  /** Per-element values of an array literal, for destructuring `const [a, b] = await Promise.all([…])`. */
  elements?: Val[];
  /** Per-property values of an object literal (`const stmts = { find: db.prepare(…) }`). */
  props?: ReadonlyMap<string, Val>;
}

export function emptyVal(): Val {
  return { deps: emptyDeps(), raw: [], counts: [] };
}

export function paramVal(index: number): Val {
  return { deps: { events: [], params: [index] }, raw: [], counts: [] };
}

/** The result of event `id`: depends on it, and is its raw result object. */
export function resultVal(id: number): Val {
  return { deps: { events: [id], params: [] }, raw: [id], counts: [] };
}

function union(a: number[], b: number[]): number[] {
  return a.length === 0 ? b : b.length === 0 ? a : [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** A value computed from several others (arithmetic, calls, object literals). */
export function join(...vals: Val[]): Val {
  if (vals.length === 1) return derive(vals[0]);
  return {
    deps: mergeDeps(...vals.map((v) => v.deps)),
    raw: [],
    counts: vals.reduce<number[]>((acc, v) => union(acc, v.counts), []),
  };
}

/** Same dependencies, but no longer the raw result, SQL or statement. */
export function derive(v: Val): Val {
  return { deps: v.deps, raw: [], counts: v.counts };
}

/** Keeps the raw-ness (and SQL) of `v` while adding the dependencies of `extra`. */
export function withDeps(v: Val, ...extra: Val[]): Val {
  if (extra.length === 0) return v;
  return {
    ...v,
    deps: mergeDeps(v.deps, ...extra.map((e) => e.deps)),
    counts: extra.reduce((acc, e) => union(acc, e.counts), v.counts),
  };
}

/** Several possible values of one expression (`a ?? b`, branches): raw-ness is kept when every one is raw. */
export function either(...vals: Val[]): Val {
  const merged = join(...vals);
  const raw = vals.every((v) => v.raw.length > 0) ? vals.reduce<number[]>((acc, v) => union(acc, v.raw), []) : [];
  return { ...merged, raw };
}

/** A value seen from another unit: only its static content (SQL text, prepared statement) is meaningful there. */
export function staticPart(v: Val): Val {
  const out = emptyVal();
  if (v.sql) out.sql = v.sql;
  if (v.prepared) out.prepared = { ...v.prepared, sqlDeps: emptyDeps() };
  if (v.props) out.props = new Map([...v.props].map(([k, p]) => [k, staticPart(p)]));
  return out;
}

/** Property names whose value, read on a raw query result, is the affected-row count. */
const COUNT_PROPERTIES: ReadonlySet<string> = new Set(['rowCount', 'affectedRows', 'changes', 'count', 'rowsAffected', 'numAffectedRows']);

/** `v.name`: the affected-row count when `v` is a raw result and `name` a count property, else a derived value. */
export function memberOf(v: Val, name: string | undefined): Val {
  const prop = name !== undefined ? v.props?.get(name) : undefined;
  if (prop) return prop;
  if (name !== undefined && v.raw.length > 0 && COUNT_PROPERTIES.has(name)) {
    return { deps: v.deps, raw: [], counts: union(v.counts, v.raw) };
  }
  return derive(v);
}

/** `v[i]`: element `i` of a literal array, or of a raw result (mysql2 `[rows, fields]`, postgres.js rows). */
export function elementOf(v: Val, index: number | undefined): Val {
  if (v.elements && index !== undefined && index < v.elements.length) return v.elements[index];
  if (v.elements) return join(...v.elements, derive(v));
  return v.raw.length > 0 ? { deps: v.deps, raw: v.raw, counts: v.counts } : derive(v);
}
