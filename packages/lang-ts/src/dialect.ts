/**
 * Which database drivers a file uses (imports, requires, dynamic imports, knex `client:` configs),
 * and the SQL dialect they imply.
 */
import type { Dialect } from '@tocscan/core';
import { keyName, unwrap, type Node } from './ast.js';

const DIALECT_OF_MODULE: Readonly<Record<string, Dialect>> = {
  pg: 'postgresql',
  'pg-pool': 'postgresql',
  'pg-promise': 'postgresql',
  postgres: 'postgresql',
  '@vercel/postgres': 'postgresql',
  '@neondatabase/serverless': 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  '@planetscale/database': 'mysql',
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  'bun:sqlite': 'sqlite',
  'node:sqlite': 'sqlite',
};

const DIALECT_OF_KNEX_CLIENT: Readonly<Record<string, Dialect>> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
};

/** `mysql2/promise` → `mysql2`; `@vercel/postgres` stays; `node:sqlite` stays (it is its own module). */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:') || specifier.startsWith('bun:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The dialect a driver package implies. */
export function dialectOfModule(name: string): Dialect | undefined {
  return Object.hasOwn(DIALECT_OF_MODULE, name) ? DIALECT_OF_MODULE[name] : undefined;
}

/** The module an import, dynamic import or `require(…)` names. */
export function moduleSpecifier(n: Node): string | undefined {
  if (n.type === 'ImportDeclaration' && typeof n.source.value === 'string') return n.source.value;
  if (n.type === 'ImportExpression' && n.source.type === 'Literal' && typeof n.source.value === 'string') return n.source.value;
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') {
    const arg = n.arguments[0];
    if (arg && arg.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  }
  return undefined;
}

/** `knex({ client: 'pg', … })` / `Knex({ client: 'mysql2' })`: the dialect of the client. */
export function knexClient(n: Node): Dialect | undefined {
  if (n.type !== 'CallExpression') return undefined;
  const callee = unwrap(n.callee);
  const isKnex = callee.type === 'Identifier' ? callee.name.toLowerCase() === 'knex' : moduleSpecifier(callee) === 'knex';
  if (!isKnex) return undefined;
  const config = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
  if (!config || config.type !== 'ObjectExpression') return undefined;
  for (const p of config.properties) {
    if (p.type !== 'Property' || keyName(p.key, p.computed) !== 'client') continue;
    const v = unwrap(p.value);
    if (v.type === 'Literal' && typeof v.value === 'string' && Object.hasOwn(DIALECT_OF_KNEX_CLIENT, v.value)) return DIALECT_OF_KNEX_CLIENT[v.value];
  }
  return undefined;
}
