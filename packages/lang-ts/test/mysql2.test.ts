import { describe, expect, it } from 'vitest';
import { describeUnit, model, unitOf } from './helpers.js';

const MYSQL = "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\n";

describe('mysql2', () => {
  it('promise API: const [rows] = await …, result.affectedRows, beginTransaction/commit/rollback', () => {
    const u = unitOf(`${MYSQL}
export async function withdraw(id: number, amount: number) {
  const conn = await pool.getConnection();
  await conn.beginTransaction();
  try {
    const [rows] = await conn.query('SELECT balance FROM wallets WHERE id = ? FOR UPDATE', [id]);
    const balance = rows[0].balance;
    if (balance < amount) {
      await conn.rollback();
      return false;
    }
    const [result] = await conn.execute('UPDATE wallets SET balance = ? WHERE id = ?', [balance - amount, id]);
    await conn.commit();
    return result.affectedRows === 1;
  } finally {
    conn.release();
  }
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin call',
      '#2 query select wallets [conn.query mysql2] data(p0) cond',
      '#3 tx rollback call guard(#2 p1) terminal',
      '#4 query update wallets [conn.execute mysql2] guard(#2 p1) data(#2 p0 p1) ret aff',
      '#5 tx commit call guard(#2 p1)',
    ]);
    expect(model(MYSQL).dialect).toBe('mysql');
  });

  it('callback API: results flow through (err, results) callbacks, which are inlined', () => {
    const u = unitOf(
      `const mysql = require('mysql');
const connection = mysql.createConnection({});
function redeem(req, res) {
  connection.query('SELECT id FROM redemptions WHERE coupon_id = ? AND customer_id = ?', [req.body.coupon, req.user.id], (err, results) => {
    if (err) return res.status(500).end();
    if (results.length > 0) return res.status(409).json({ error: 'already redeemed' });
    connection.query('INSERT INTO redemptions (coupon_id, customer_id) VALUES (?, ?)', [req.body.coupon, req.user.id], (err2, info) => {
      if (err2) return res.status(500).end();
      res.json({ id: info.insertId });
    });
  });
}`,
      undefined,
      'legacy.js',
    );
    expect(u.name).toBe('redeem');
    expect(describeUnit(u)).toEqual([
      '#1 query select redemptions [connection.query mysql2] data(p0) cond',
      '#2 query insert redemptions [connection.query mysql2] guard(#1) data(p0)',
    ]);
  });

  it('getConnection callbacks and beginTransaction callbacks run as part of the unit', () => {
    const u = unitOf(
      `const mysql = require('mysql');
const pool = mysql.createPool({});
exports.book = function (seatId, done) {
  pool.getConnection((err, conn) => {
    conn.beginTransaction((err) => {
      conn.query('SELECT taken FROM seats WHERE id = ?', [seatId], (err, rows) => {
        if (rows[0].taken) return conn.rollback(() => done(new Error('taken')));
        conn.query('UPDATE seats SET taken = 1 WHERE id = ?', [seatId], (err, result) => {
          conn.commit(() => done(null, result.affectedRows));
        });
      });
    });
  });
};`,
      'book',
      'legacy.js',
    );
    expect(describeUnit(u)).toEqual([
      '#1 tx begin call',
      '#2 query select seats [conn.query mysql2] data(p0) cond',
      '#3 tx rollback call guard(#2) terminal',
      '#4 query update seats [conn.query mysql2] guard(#2) data(p0)',
      '#5 tx commit call guard(#2)',
    ]);
  });

  it('promise-wrapped callback queries: resolve(value) is the awaited value', () => {
    const u = unitOf(
      `const mysql = require('mysql');
const db = mysql.createConnection({});
async function addToCart(cartId, productId) {
  const existing = await new Promise((resolve, reject) => {
    db.query('SELECT id FROM cart_items WHERE cart_id = ? AND product_id = ?', [cartId, productId], (err, rows) => {
      if (err) return reject(err);
      resolve(rows);
    });
  });
  if (existing.length === 0) {
    await db.promise().query('INSERT INTO cart_items (cart_id, product_id) VALUES (?, ?)', [cartId, productId]);
  }
}`,
      'addToCart',
      'cart.js',
    );
    expect(describeUnit(u)).toEqual([
      '#1 query select cart_items [db.query mysql2] data(p0 p1) cond',
      '#2 query insert cart_items [db.promise().query mysql2] guard(#1) data(p0 p1)',
    ]);
  });

  it('START TRANSACTION and SET TRANSACTION ISOLATION LEVEL as SQL', () => {
    const u = unitOf(`${MYSQL}
async function t(conn) {
  await conn.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
  await conn.query('START TRANSACTION');
  await conn.query('COMMIT');
}`);
    expect(u.events.map((e) => (e.type === 'query' ? `query ${e.sql.kind}` : `${e.type} ${e.type === 'tx' ? e.action : ''}`))).toEqual([
      'query set-isolation',
      'tx begin',
      'tx commit',
    ]);
  });

  it('{ sql, values } options objects, and [a, b] = await Promise.all([…]) keeps each result apart', () => {
    const u = unitOf(`${MYSQL}
export async function f(id: number) {
  const [[user], [orders]] = await Promise.all([
    pool.query({ sql: 'SELECT * FROM users WHERE id = ?', values: [id] }),
    pool.query('SELECT * FROM orders WHERE user_id = ?', [id]),
  ]);
  if (user[0].banned) return;
  const [{ affectedRows }] = await pool.query({ sql: 'DELETE FROM carts WHERE user_id = ? AND locked = 0', values: [orders.length] });
  return affectedRows;
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select users [pool.query mysql2] data(p0) cond',
      '#2 query select orders [pool.query mysql2] data(p0)',
      '#3 query delete carts [pool.query mysql2] guard(#1) data(#2) ret aff',
    ]);
  });
});
