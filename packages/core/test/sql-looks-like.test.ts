/** looksLikeSql: statements and fragments yes, interface text and code-ish strings no. */
import { describe, expect, test } from 'vitest';
import { looksLikeSql, piecesToText } from '../src/sql/index.js';

const sql = [
  'SELECT qty FROM products WHERE id = ?',
  'select * from users where email = $1',
  '  (SELECT id FROM a) UNION (SELECT id FROM b)',
  '/* report */ SELECT COUNT(*) FROM orders',
  '-- hot path\nSELECT balance FROM wallets WHERE id = ? FOR UPDATE',
  'SELECT * FROM ?product WHERE product_id = ?',
  'SELECT * FROM ',
  'SELECT 1',
  "SELECT GET_LOCK('checkout', 10)",
  'SELECT pg_advisory_xact_lock($1)',
  'SELECT NOW()',
  'SELECT LAST_INSERT_ID()',
  'SELECT @@transaction_isolation',
  'INSERT INTO cart (user_id, product_id) VALUES (?, ?)',
  'insert ignore into `users` (`email`) values (?)',
  'INSERT OR IGNORE INTO votes (a) VALUES (?)',
  'INSERT INTO ',
  'REPLACE INTO counters (name, value) VALUES (?, ?)',
  'UPDATE products SET qty = qty - 1 WHERE id = ?',
  'update `orders` set `status` = ? where `id` = ?',
  'UPDATE ?product SET quantity = ',
  'DELETE FROM sessions WHERE id = ?',
  'DELETE oi FROM order_items oi JOIN orders o ON o.id = oi.order_id',
  'WITH recent AS (SELECT * FROM orders) SELECT * FROM recent',
  'WITH RECURSIVE tree (id) AS (SELECT 1) SELECT * FROM tree',
  'BEGIN',
  'begin',
  'BEGIN;',
  'BEGIN IMMEDIATE',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
  'START TRANSACTION',
  'start transaction read write',
  'START TRANSACTION WITH CONSISTENT SNAPSHOT',
  'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ',
  'COMMIT',
  'commit',
  'ROLLBACK',
  'ROLLBACK TO SAVEPOINT sp1',
  'SAVEPOINT sp1',
  'RELEASE SAVEPOINT sp1',
  'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE',
  'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
  'SET autocommit = 0',
  "SET SESSION transaction_isolation = 'SERIALIZABLE'",
  'LOCK TABLES products WRITE',
  'LOCK TABLE accounts IN EXCLUSIVE MODE',
  'UNLOCK TABLES',
];

const notSql = [
  '',
  'Update your profile',
  'select a product',
  'Select a product',
  'Select a file from your computer',
  'Please select from the options below.',
  'Delete from the list',
  'Delete this item?',
  'Delete the selected rows.',
  'Insert into the cart',
  'Insert coin',
  'Update settings set by admin',
  'Updated successfully!',
  'Begin',
  'Commit',
  'Begin your journey',
  'Commit changes to the repository',
  'Start transaction processing now',
  'start transaction processing now',
  'commit changes',
  'rollback deployment',
  'begin again',
  'select',
  'update',
  'delete',
  'replace',
  'UPDATE',
  'With love from Berlin',
  'Selection from our catalogue',
  'selected',
  'Lock tables before you leave',
  'Set your password',
  'set-cookie',
  'SELECT',
  'Select from',
  'commit -m "fix"',
  'rollback the deployment',
  'https://example.com/select?from=1',
  'user.update',
  '{"select": "from"}',
  'Select date range from calendar.',
];

describe('looksLikeSql', () => {
  test.each(sql)('SQL: %j', (s) => expect(looksLikeSql(s)).toBe(true));
  test.each(notSql)('not SQL: %j', (s) => expect(looksLikeSql(s)).toBe(false));
  test('is cheap on long strings', () => {
    const long = 'lorem ipsum '.repeat(20_000);
    const t = performance.now();
    for (let i = 0; i < 20; i++) looksLikeSql(long);
    expect(performance.now() - t).toBeLessThan(500);
    expect(looksLikeSql(`SELECT a FROM t WHERE x IN (${'1, '.repeat(30_000)}1)`)).toBe(true);
    for (const head of ['begin', 'start transaction', 'set transaction', 'select', 'update t', 'delete', 'with x']) {
      const t0 = performance.now();
      expect(looksLikeSql(`${head}${' '.repeat(50_000)}x y`)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });
  test('works on assembled pieces', () => {
    const text = piecesToText([
      { kind: 'text', text: 'SELECT * FROM ', offset: 1 },
      { kind: 'hole', source: 'DB_PREFIX', offset: 19, endOffset: 28 },
      { kind: 'text', text: 'product', offset: 32 },
    ]);
    expect(text).toBe('SELECT * FROM ?product');
    expect(looksLikeSql(text)).toBe(true);
  });
});
