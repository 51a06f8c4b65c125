import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import plugin from '../src/index.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const rule = (id: string) => plugin.rules[id] as never;

const pgBuy = (select: string, update: string) => `
import { Pool } from 'pg';
const pool = new Pool();
export async function buy(id: number) {
  const { rows } = await pool.query('${select}', [id]);
  if (rows[0].quantity > 0) {
    await pool.query('${update}', [id]);
  }
}`;

ruleTester.run('check-then-act', rule('check-then-act'), {
  valid: [
    // blind write: the update does not depend on the read
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: number) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await pool.query('UPDATE users SET last_seen = now() WHERE id = $1', [id]);
  return rows[0];
}`,
    // conditional write with rowCount checked
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function buy(id: number) {
  const { rows } = await pool.query('SELECT quantity FROM products WHERE id = $1', [id]);
  if (rows[0].quantity > 0) {
    const res = await pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1 AND quantity > 0', [id]);
    if (res.rowCount === 0) throw new Error('sold out');
  }
}`,
    // different tables
    pgBuy('SELECT quantity FROM products WHERE id = $1', 'UPDATE audit_log SET n = n + 1 WHERE id = $1'),
  ],
  invalid: [
    {
      code: pgBuy('SELECT quantity FROM products WHERE id = $1', 'UPDATE products SET quantity = quantity - 1 WHERE id = $1'),
      errors: [
        {
          messageId: 'race',
          line: 7,
          suggestions: [
            {
              messageId: 'fixLockInTransaction',
              output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function buy(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT quantity FROM products WHERE id = $1 FOR UPDATE', [id]);
    if (rows[0].quantity > 0) {
      await client.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [id]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Database from 'better-sqlite3';
const db = new Database('shop.db');
export function buy(id: number) {
  const row = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id) as { quantity: number };
  if (row.quantity < 1) throw new Error('sold out');
  db.prepare('UPDATE products SET quantity = quantity - 1 WHERE id = ?').run(id);
}`,
      errors: [
        {
          messageId: 'raceSqlite',
          line: 7,
          suggestions: [
            {
              messageId: 'fixConditional',
              output: `
import Database from 'better-sqlite3';
const db = new Database('shop.db');
export function buy(id: number) {
  const row = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id) as { quantity: number };
  if (row.quantity < 1) throw new Error('sold out');
  const updated = db.prepare('UPDATE products SET quantity = quantity - 1 WHERE id = ? AND quantity >= 1').run(id);
  if (updated.changes === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('insert-if-absent', rule('insert-if-absent'), {
  valid: [
    `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function subscribe(email: string) {
  await pool.query('INSERT INTO subscribers (email) VALUES (?) ON DUPLICATE KEY UPDATE email = email', [email]);
}`,
  ],
  invalid: [
    {
      code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function subscribe(email: string) {
  const [rows] = await pool.query('SELECT id FROM subscribers WHERE email = ?', [email]);
  if ((rows as unknown[]).length === 0) {
    await pool.query('INSERT INTO subscribers (email) VALUES (?)', [email]);
  }
}`,
      errors: [
        {
          messageId: 'duplicate',
          line: 7,
          suggestions: [
            {
              messageId: 'fixUpsert',
              output: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function subscribe(email: string) {
  const [rows] = await pool.query('SELECT id FROM subscribers WHERE email = ?', [email]);
  if ((rows as unknown[]).length === 0) {
    await pool.query('INSERT IGNORE INTO subscribers (email) VALUES (?)', [email]);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('locking-read-outside-transaction', rule('locking-read-outside-transaction'), {
  valid: [
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function buy(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT quantity FROM products WHERE id = $1 FOR UPDATE', [id]);
    if (rows[0].quantity > 0) await client.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function reserve(id: number) {
  const { rows } = await pool.query('SELECT quantity FROM products WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}`,
      // nothing after the locking read depends on it: no rewrite, the message says what to do
      errors: [{ messageId: 'outsideTransaction', line: 5, suggestions: [] }],
    },
  ],
});

ruleTester.run('transaction-on-pool', rule('transaction-on-pool'), {
  valid: [
    // one connection taken from the pool
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function close(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET closed = true WHERE id = $1', [id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    // a pool used for single statements only
    `
import { Pool } from 'pg';
const pool = new Pool();
export const count = () => pool.query('SELECT count(*) FROM accounts');`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function close(id: number) {
  await pool.query('BEGIN');
  await pool.query('UPDATE accounts SET closed = true WHERE id = $1', [id]);
  await pool.query('COMMIT');
}`,
      errors: [{ messageId: 'pooledBegin', line: 5, column: 9, data: { api: 'pool.query', remedy: 'Take one connection (`const client = await pool.connect()`), run BEGIN, the statements and COMMIT on it, and release it.' } }],
    },
    {
      // a pool under another name, known by how it was made (mysql2)
      code: `
import mysql from 'mysql2';
const db = mysql.createPool({}).promise();
export async function close(id: number) {
  await db.query('START TRANSACTION');
  await db.query('UPDATE accounts SET closed = 1 WHERE id = ?', [id]);
  await db.query('COMMIT');
}`,
      errors: [{ messageId: 'pooledBegin', line: 5, data: { api: 'db.query', remedy: 'Take one connection (`const conn = await db.getConnection()`), run BEGIN, the statements and COMMIT on it, and release it.' } }],
    },
    {
      // a knex instance holds a pool: raw BEGIN runs on one of its connections
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function close(id: number) {
  await db.raw('BEGIN');
  await db.raw('UPDATE accounts SET closed = true WHERE id = ?', [id]);
  await db.raw('COMMIT');
}`,
      errors: [{ messageId: 'pooledBegin', line: 5, data: { api: 'db.raw', remedy: 'Run the statements in `await db.transaction(async (trx) => …)`, on trx.' } }],
    },
  ],
});

ruleTester.run('unchecked-conditional-write', rule('unchecked-conditional-write'), {
  valid: [
    `
import Database from 'better-sqlite3';
const db = new Database('shop.db');
export function buy(id: number, n: number) {
  const row = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id) as { quantity: number };
  if (row.quantity < n) return false;
  const info = db.prepare('UPDATE products SET quantity = quantity - ? WHERE id = ? AND quantity >= ?').run(n, id, n);
  return info.changes === 1;
}`,
  ],
  invalid: [
    {
      code: `
import Database from 'better-sqlite3';
const db = new Database('shop.db');
export function buy(id: number, n: number) {
  const row = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id) as { quantity: number };
  if (row.quantity < n) return false;
  db.prepare('UPDATE products SET quantity = quantity - ? WHERE id = ? AND quantity >= ?').run(n, id, n);
  return true;
}`,
      errors: [
        {
          messageId: 'unchecked',
          line: 7,
          suggestions: [
            {
              messageId: 'fixCheckRows',
              output: `
import Database from 'better-sqlite3';
const db = new Database('shop.db');
export function buy(id: number, n: number) {
  const row = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id) as { quantity: number };
  if (row.quantity < n) return false;
  const updated = db.prepare('UPDATE products SET quantity = quantity - ? WHERE id = ? AND quantity >= ?').run(n, id, n);
  if (updated.changes === 0) return false;
  return true;
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('transaction-without-locking-read', rule('transaction-without-locking-read'), {
  valid: [
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function pay(orderId: number) {
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  const { rows } = await client.query('SELECT status FROM orders WHERE id = $1', [orderId]);
  if (rows[0].status === 'pending') await client.query("UPDATE orders SET status = 'paid' WHERE id = $1", [orderId]);
  await client.query('COMMIT');
  client.release();
}`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function pay(orderId: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT status FROM orders WHERE id = $1', [orderId]);
  if (rows[0].status === 'pending') {
    await client.query("UPDATE orders SET status = 'paid' WHERE id = $1", [orderId]);
  }
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'plainTransaction',
          line: 9,
          suggestions: [
            {
              messageId: 'fixLock',
              output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function pay(orderId: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
  if (rows[0].status === 'pending') {
    await client.query("UPDATE orders SET status = 'paid' WHERE id = $1", [orderId]);
  }
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
  ],
});
