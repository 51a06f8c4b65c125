/**
 * node-sql-parser, one grammar per dialect. The package is CommonJS and ships a build per dialect
 * (`node-sql-parser/build/mysql.js`, ~0.3 MB each, against 2.5 MB for all dialects); each is loaded
 * with `createRequire` the first time its dialect is tried, so a run that meets no SQL loads none.
 */
import { createRequire } from 'node:module';
import type { Dialect } from '../model.js';
import { BoundedCache } from './cache.js';

interface NodeSqlParser {
  parse(sql: string, options: { database: string }): { tableList: string[]; ast: unknown };
}

const require = createRequire(import.meta.url);
const parsers = new Map<Dialect, NodeSqlParser>();

function parserFor(dialect: Dialect): NodeSqlParser {
  let p = parsers.get(dialect);
  if (!p) {
    const { Parser } = require(`node-sql-parser/build/${dialect}.js`) as { Parser: new () => NodeSqlParser };
    p = new Parser();
    parsers.set(dialect, p);
  }
  return p;
}

const DIALECTS: readonly Dialect[] = ['mysql', 'postgresql', 'sqlite'];

/** The requested dialect first, then the others. */
export function dialectOrder(first?: Dialect): Dialect[] {
  return first ? [first, ...DIALECTS.filter((d) => d !== first)] : [...DIALECTS];
}

export type ParseOutcome =
  | { ok: true; dialect: Dialect; ast: unknown; tableList: string[] }
  | { ok: false; error: string };

const outcomes = new BoundedCache<string, ParseOutcome>(5000);

/**
 * Parses with each dialect in `order` until one accepts. `render` gives the text for a dialect
 * (identifier quoting differs). The outcome is memoised by the first dialect and its text.
 * On failure the error is the first dialect's, e.g. `mysql: syntax error at 1:27 near ">"`.
 */
export function parseStatement(render: (d: Dialect) => string, order: readonly Dialect[]): ParseOutcome {
  const key = `${order[0]}\u0000${render(order[0])}`;
  const hit = outcomes.get(key);
  if (hit) return hit;
  let error = '';
  let outcome: ParseOutcome | undefined;
  for (const dialect of order) {
    try {
      const r = parserFor(dialect).parse(render(dialect), { database: dialect });
      const ast = Array.isArray(r.ast) ? r.ast[0] : r.ast;
      outcome = { ok: true, dialect, ast, tableList: r.tableList ?? [] };
      break;
    } catch (e) {
      if (!error) error = describeError(dialect, e);
    }
  }
  outcome ??= { ok: false, error };
  outcomes.set(key, outcome);
  return outcome;
}

function describeError(dialect: Dialect, e: unknown): string {
  const err = e as { location?: { start?: { line?: number; column?: number } }; found?: unknown; message?: unknown };
  const at = err.location?.start;
  if (at && typeof at.line === 'number') {
    const near = typeof err.found === 'string' ? `near "${err.found}"` : 'at end of input';
    return `${dialect}: syntax error at ${at.line}:${at.column} ${near}`;
  }
  return `${dialect}: ${String(err.message ?? e).split('\n')[0].slice(0, 200)}`;
}
