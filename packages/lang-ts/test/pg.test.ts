import { describe, expect, it } from 'vitest';
import { describeUnit, model, unitNamed, unitOf } from './helpers.js';

const PG = "import { Pool } from 'pg';\nconst pool = new Pool();\n";

describe('pg', () => {
  it('reads the SELECT result through .rows[0] into a guard and the UPDATE data', () => {
    const u = unitOf(`${PG}
export async function reserve(id: number, qty: number) {
  const result = await pool.query('SELECT quantity FROM products WHERE id = $1', [id]);
  const product = result.rows[0];
  if (!product || product.quantity < qty) {
    throw new Error('out of stock');
  }
  await pool.query('UPDATE products SET quantity = $1 WHERE id = $2', [product.quantity - qty, id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select products [pool.query pg] data(p0) cond',
      '#2 query update products [pool.query pg] guard(#1 p1) data(#1 p0 p1)',
    ]);
    expect(u.params).toEqual(['id', 'qty']);
  });

  it('follows destructuring of { rows } and [row]', () => {
    const u = unitOf(`${PG}
async function markPaid(orderId) {
  const { rows: [order] } = await pool.query("SELECT status FROM orders WHERE id = $1", [orderId]);
  if (order.status !== 'pending') return;
  await pool.query("UPDATE orders SET status = 'paid' WHERE id = $1", [orderId]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select orders [pool.query pg] data(p0) cond',
      '#2 query update orders [pool.query pg] guard(#1) data(p0)',
    ]);
  });

  it('recognises { text, values } config objects and records the SQL location', () => {
    const src = `${PG}
async function find(id) {
  return pool.query({ text: 'SELECT * FROM users WHERE id = $1', values: [id] });
}`;
    const u = unitOf(src);
    expect(describeUnit(u)).toEqual(['#1 query select users [pool.query pg] data(p0) ret']);
    const q = u.events[0];
    expect(q.type === 'query' && src.slice(q.sqlLoc!.offset, q.sqlLoc!.endOffset)).toBe("'SELECT * FROM users WHERE id = $1'");
    expect(src.slice(q.loc.offset, q.loc.endOffset)).toMatch(/^pool\.query\(\{/);
    expect(q.type === 'query' && q.pieces).toEqual([{ kind: 'text', text: 'SELECT * FROM users WHERE id = $1', offset: src.indexOf('SELECT') }]);
  });

  it('marks rowCount in a condition as an affected-row check, and not a plain use', () => {
    const u = unitOf(`${PG}
async function take(id) {
  const r = await pool.query("UPDATE coupons SET used = true WHERE id = $1 AND used = false", [id]);
  if (r.rowCount === 0) throw new Error('already used');
  const s = await pool.query("UPDATE coupons SET seen = true WHERE id = $1 AND seen = false", [id]);
  console.log(s.rows.length);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query update coupons [pool.query pg] data(p0) cond aff',
      '#2 query update coupons [pool.query pg] guard(#1) data(p0)',
    ]);
  });

  it('counts a destructured rowCount that is returned', () => {
    const u = unitOf(`${PG}
async function cancel(id) {
  const { rowCount } = await pool.query("DELETE FROM bookings WHERE id = $1 AND status = 'held'", [id]);
  return rowCount > 0;
}`);
    expect(describeUnit(u)).toEqual(['#1 query delete bookings [pool.query pg] data(p0) ret aff']);
    expect(u.returns).toEqual({ events: [1], params: [] });
  });

  it('treats the rows of an UPDATE … RETURNING in a condition as the affected-row check', () => {
    const u = unitOf(`${PG}
async function claim(id, worker) {
  const { rows } = await pool.query("UPDATE jobs SET owner = $2 WHERE id = $1 AND owner IS NULL RETURNING id", [id, worker]);
  if (rows.length === 0) return false;
  return true;
}`);
    expect(describeUnit(u)).toEqual(['#1 query update jobs [pool.query pg] data(p0 p1) cond aff']);
  });

  it('models a client transaction with BEGIN/COMMIT and a terminal ROLLBACK in an early-exit branch', () => {
    const u = unitOf(`${PG}
export async function pay(orderId: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    if (rows.length === 0 || rows[0].status !== 'pending') {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query("UPDATE orders SET status = 'paid' WHERE id = $1", [orderId]);
    await client.query('COMMIT');
    return true;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin sql',
      '#2 query select orders [client.query pg] data(p0) cond',
      '#3 tx rollback sql guard(#2) terminal',
      '#4 query update orders [client.query pg] guard(#2) data(p0)',
      '#5 tx commit sql guard(#2)',
      '#6 tx rollback sql terminal',
    ]);
  });

  it('reads BEGIN ISOLATION LEVEL SERIALIZABLE as the isolation of the transaction', () => {
    const u = unitOf(`${PG}
async function t(client) {
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  await client.query('COMMIT');
}`);
    expect(describeUnit(u)).toEqual(['#1 tx begin sql serializable', '#2 tx commit sql']);
  });

  it('inlines .then callbacks: their parameter carries the result', () => {
    const u = unitOf(`${PG}
export function sell(id) {
  return pool.query('SELECT qty FROM stock WHERE id = $1', [id])
    .then(({ rows }) => rows[0])
    .then((row) => {
      if (row.qty > 0) return pool.query('UPDATE stock SET qty = qty - 1 WHERE id = $1', [id]);
      return null;
    })
    .catch((err) => { console.error(err); });
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select stock [pool.query pg] data(p0) cond',
      '#2 query update stock [pool.query pg] guard(#1) data(p0) ret',
    ]);
  });

  it('SQL held in a module constant and in a local variable', () => {
    const m = model(`${PG}
const FIND = 'SELECT * FROM carts WHERE user_id = $1';
export async function add(userId, productId) {
  const cart = await pool.query(FIND, [userId]);
  let insert = 'INSERT INTO carts (user_id, product_id)';
  insert += ' VALUES ($1, $2)';
  if (cart.rowCount === 0) await pool.query(insert, [userId, productId]);
}`);
    const u = unitNamed(m, 'add');
    expect(describeUnit(u)).toEqual([
      '#1 query select carts [pool.query pg] data(p0) cond aff',
      '#2 query insert carts [pool.query pg] guard(#1) data(p0 p1)',
    ]);
    const insert = u.events[1];
    expect(insert.type === 'query' && insert.sqlLoc).toBeUndefined();
    expect(insert.type === 'query' && insert.pieces.map((p) => (p.kind === 'text' ? p.text : p.source)).join('')).toBe(
      'INSERT INTO carts (user_id, product_id) VALUES ($1, $2)',
    );
  });

  it('sets the dialect from the import', () => {
    expect(model(PG).dialect).toBe('postgresql');
    expect(model(PG, 'a.ts', { dialect: 'mysql' }).dialect).toBe('mysql');
  });
});
