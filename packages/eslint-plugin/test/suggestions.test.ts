/**
 * The suggestions each rule offers, pinned output by output: one per way of fixing, each with its
 * own message id; a finding no rewrite can fix safely gets none.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import plugin from '../src/index.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

interface Case {
  name: string;
  rule: string;
  code: string;
  errors: { messageId: string; line: number; suggestions: { messageId: string; output: string }[] }[];
}

const cases: Case[] = [
  {
    name: 'mysql2 pool: lock in a transaction taken from the pool, or a conditional UPDATE checked with affectedRows',
    rule: 'check-then-act',
    code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function reserve(productId: number, qty: number): Promise<void> {
  const [rows] = await pool.execute<mysql.RowDataPacket[]>('SELECT stock FROM products WHERE id = ?', [productId]);
  if (rows.length === 0 || rows[0].stock < qty) throw new Error('out of stock');
  await pool.execute('UPDATE products SET stock = stock - ? WHERE id = ?', [qty, productId]);
}`,
    errors: [
      {
        messageId: 'race',
        line: 7,
        suggestions: [
          {
            messageId: 'fixLockInTransaction',
            output: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function reserve(productId: number, qty: number): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.execute<mysql.RowDataPacket[]>('SELECT stock FROM products WHERE id = ? FOR UPDATE', [productId]);
    if (rows.length === 0 || rows[0].stock < qty) throw new Error('out of stock');
    await conn.execute('UPDATE products SET stock = stock - ? WHERE id = ?', [qty, productId]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
          },
          {
            messageId: 'fixConditional',
            output: `
import mysql from 'mysql2/promise';
import type { ResultSetHeader } from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function reserve(productId: number, qty: number): Promise<void> {
  const [rows] = await pool.execute<mysql.RowDataPacket[]>('SELECT stock FROM products WHERE id = ?', [productId]);
  if (rows.length === 0 || rows[0].stock < qty) throw new Error('out of stock');
  const [updated] = await pool.execute<ResultSetHeader>('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?', [qty, productId, qty]);
  if (updated.affectedRows === 0) throw new Error('out of stock');
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'knex: FOR UPDATE inside db.transaction(); the callback returns what the function returned',
    rule: 'check-then-act',
    code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function accept(token: string, userId: number) {
  const { rows } = await db.raw('SELECT id, accepted_at FROM invitations WHERE token = ?', [token]);
  const invitation = rows[0];
  if (!invitation || invitation.accepted_at) return false;
  await db.raw('UPDATE invitations SET accepted_at = now(), accepted_by = ? WHERE id = ?', [userId, invitation.id]);
  return true;
}`,
    errors: [
      {
        messageId: 'race',
        line: 8,
        suggestions: [
          {
            messageId: 'fixLockInTransaction',
            output: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function accept(token: string, userId: number) {
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw('SELECT id, accepted_at FROM invitations WHERE token = ? FOR UPDATE', [token]);
    const invitation = rows[0];
    if (!invitation || invitation.accepted_at) return false;
    await trx.raw('UPDATE invitations SET accepted_at = now(), accepted_by = ? WHERE id = ?', [userId, invitation.id]);
    return true;
  });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'postgres.js: sql.begin(), or a conditional UPDATE checked with count',
    rule: 'check-then-act',
    code: `
import postgres from 'postgres';
const sql = postgres();
export async function book(seatId: number, userId: number) {
  const [seat] = await sql\`SELECT status FROM seats WHERE id = \${seatId}\`;
  if (!seat || seat.status !== 'free') return false;
  await sql\`UPDATE seats SET status = 'held', held_by = \${userId} WHERE id = \${seatId}\`;
  return true;
}`,
    errors: [
      {
        messageId: 'race',
        line: 7,
        suggestions: [
          {
            messageId: 'fixLockInTransaction',
            output: `
import postgres from 'postgres';
const sql = postgres();
export async function book(seatId: number, userId: number) {
  return sql.begin(async (sql) => {
    const [seat] = await sql\`SELECT status FROM seats WHERE id = \${seatId} FOR UPDATE\`;
    if (!seat || seat.status !== 'free') return false;
    await sql\`UPDATE seats SET status = 'held', held_by = \${userId} WHERE id = \${seatId}\`;
    return true;
  });
}`,
          },
          {
            messageId: 'fixConditional',
            output: `
import postgres from 'postgres';
const sql = postgres();
export async function book(seatId: number, userId: number) {
  const [seat] = await sql\`SELECT status FROM seats WHERE id = \${seatId}\`;
  if (!seat || seat.status !== 'free') return false;
  const updated = await sql\`UPDATE seats SET status = 'held', held_by = \${userId} WHERE id = \${seatId} AND status = 'free'\`;
  if (updated.count === 0) return false;
  return true;
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg: ON CONFLICT DO NOTHING, and the guard\'s exit when nothing was inserted',
    rule: 'insert-if-absent',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function follow(userId: number, authorId: number) {
  const { rowCount } = await pool.query('SELECT 1 FROM follows WHERE user_id = $1 AND author_id = $2', [userId, authorId]);
  if (rowCount) return { followed: false };
  await pool.query('INSERT INTO follows (user_id, author_id) VALUES ($1, $2)', [userId, authorId]);
  return { followed: true };
}`,
    errors: [
      {
        messageId: 'duplicate',
        line: 7,
        suggestions: [
          {
            messageId: 'fixUpsert',
            output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function follow(userId: number, authorId: number) {
  const { rowCount } = await pool.query('SELECT 1 FROM follows WHERE user_id = $1 AND author_id = $2', [userId, authorId]);
  if (rowCount) return { followed: false };
  const inserted = await pool.query('INSERT INTO follows (user_id, author_id) VALUES ($1, $2) ON CONFLICT (user_id, author_id) DO NOTHING', [userId, authorId]);
  if (inserted.rowCount === 0) return { followed: false };
  return { followed: true };
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg: the insert-or-update becomes one upsert',
    rule: 'insert-if-absent',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function addToCart(cartId: number, productId: number) {
  const { rows } = await pool.query('SELECT id FROM cart_items WHERE cart_id = $1 AND product_id = $2', [cartId, productId]);
  if (rows.length === 0) {
    await pool.query('INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($1, $2, 1)', [cartId, productId]);
  } else {
    await pool.query('UPDATE cart_items SET quantity = quantity + 1 WHERE id = $1', [rows[0].id]);
  }
}`,
    errors: [
      {
        messageId: 'duplicate',
        line: 7,
        suggestions: [
          {
            messageId: 'fixMergeUpsert',
            output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function addToCart(cartId: number, productId: number) {
  const { rows } = await pool.query('SELECT id FROM cart_items WHERE cart_id = $1 AND product_id = $2', [cartId, productId]);
  await pool.query('INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($1, $2, 1) ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity', [cartId, productId]);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg: the locking read and its write in one transaction',
    rule: 'locking-read-outside-transaction',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function claim(jobId: number, worker: string) {
  const { rows } = await pool.query('SELECT status FROM jobs WHERE id = $1 FOR UPDATE', [jobId]);
  if (rows[0]?.status !== 'queued') return false;
  await pool.query("UPDATE jobs SET status = 'running', worker = $2 WHERE id = $1", [jobId, worker]);
  return true;
}`,
    errors: [
      {
        messageId: 'outsideTransaction',
        line: 5,
        suggestions: [
          {
            messageId: 'fixTransaction',
            output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function claim(jobId: number, worker: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT status FROM jobs WHERE id = $1 FOR UPDATE', [jobId]);
    if (rows[0]?.status !== 'queued') {
      await client.query('COMMIT');
      return false;
    }
    await client.query("UPDATE jobs SET status = 'running', worker = $2 WHERE id = $1", [jobId, worker]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return true;
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'read in a helper: no rewrite (the message says what to do)',
    rule: 'check-then-act',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
async function findCard(code: string) {
  const { rows } = await pool.query('SELECT balance FROM gift_cards WHERE code = $1', [code]);
  return rows[0];
}
export async function redeem(code: string, amount: number) {
  const card = await findCard(code);
  if (card.balance < amount) throw new Error('insufficient');
  await pool.query('UPDATE gift_cards SET balance = balance - $1 WHERE code = $2', [amount, code]);
}`,
    errors: [
      {
        messageId: 'race',
        line: 11,
        suggestions: [],
      },
    ],
  },
];

for (const { rule, ...invalid } of cases) {
  ruleTester.run(rule, plugin.rules[rule] as never, { valid: [], invalid: [invalid as never] });
}
