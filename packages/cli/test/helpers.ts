/** Hand-built findings and reports for reporter tests. */
import type { Finding, Loc } from '@tocscan/core';
import type { Report } from '../src/report.js';

export function loc(line: number, column: number, endLine: number, endColumn: number): Loc {
  return { line, column, endLine, endColumn, offset: 0, endOffset: 0 };
}

export const SHOP_SOURCE = [
  "import { pool } from './db';",
  '',
  'export async function buy(id: number) {',
  "  const { rows } = await pool.query('SELECT qty FROM products WHERE id = $1', [id]);",
  "  if (rows[0].qty < 1) throw new Error('sold out');",
  "  await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1', [id]);",
  '}',
  '',
].join('\n');

export function shopFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'check-then-act',
    severity: 'error',
    messageId: 'race',
    data: { table: 'products' },
    message: 'products: read at line 4 and written at line 6; another request can change the row in between.',
    file: 'src/shop.ts',
    loc: loc(6, 8, 6, 75),
    table: 'products',
    read: { file: 'src/shop.ts', loc: loc(4, 25, 4, 84), sql: 'SELECT qty FROM products WHERE id = $1', api: 'pool.query' },
    write: { file: 'src/shop.ts', loc: loc(6, 8, 6, 75), sql: 'UPDATE products SET qty = qty - 1 WHERE id = $1', api: 'pool.query' },
    related: [],
    timeline: [
      { a: 'SELECT qty FROM products WHERE id = $1 → 1' },
      { b: 'SELECT qty FROM products WHERE id = $1 → 1' },
      { a: 'UPDATE products SET qty = qty - 1 WHERE id = $1' },
      { b: 'UPDATE products SET qty = qty - 1 WHERE id = $1', note: 'sold twice' },
    ],
    unit: 'buy',
    fingerprint: 'f00dfeed',
    ...overrides,
  };
}

export function report(overrides: Partial<Report> = {}): Report {
  return {
    version: '9.9.9',
    root: '/work/project',
    preset: 'recommended',
    files: ['src/shop.ts'],
    findings: [],
    errors: [],
    rules: [
      { id: 'check-then-act', description: 'Disallow an UPDATE that depends on an earlier SELECT. Longer text follows.', severity: 'error' },
      { id: 'locking-read-outside-transaction', description: 'Disallow FOR UPDATE in autocommit.', severity: 'warning' },
    ],
    sources: new Map(),
    ...overrides,
  };
}
