import { describe, expect, it } from 'vitest';
import { describeUnit, unitOf } from './helpers.js';

const PG = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
const read = "const { rows } = await pool.query('SELECT qty, status FROM items WHERE id = $1', [id]);";

describe('guards', () => {
  it('ternaries, && / || / ?? right operands and switch cases are guarded by what decides them', () => {
    const u = unitOf(`${PG}
export async function f(id, mode) {
  ${read}
  const item = rows[0];
  const next = item.qty > 0 ? await pool.query('UPDATE items SET qty = qty - 1 WHERE id = $1', [id]) : null;
  item.status === 'open' && (await pool.query("UPDATE items SET status = 'closed' WHERE id = $1", [id]));
  switch (mode) {
    case 'purge':
      await pool.query('DELETE FROM items WHERE id = $1', [id]);
      break;
  }
  await pool.query('INSERT INTO log (item) VALUES ($1)', [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select items [pool.query pg] data(p0) cond',
      '#2 query update items [pool.query pg] guard(#1) data(p0)',
      '#3 query update items [pool.query pg] guard(#1) data(p0)',
      '#4 query delete items [pool.query pg] guard(p1) data(p0)',
      '#5 query insert log [pool.query pg] data(p0)',
    ]);
  });

  it('early exits guard the rest of their block: return, throw, continue, process.exit', () => {
    const u = unitOf(`${PG}
export async function f(id, ids) {
  ${read}
  for (const other of ids) {
    if (other === id) continue;
    await pool.query('UPDATE items SET seen = true WHERE id = $1', [other]);
  }
  if (rows.length === 0) process.exit(1);
  await pool.query('UPDATE items SET qty = 0 WHERE id = $1', [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select items [pool.query pg] data(p0) cond',
      '#2 query update items [pool.query pg] guard(p0 p1) data(p1)',
      '#3 query update items [pool.query pg] guard(#1) data(p0)',
    ]);
  });

  it('a throw caught by a catch that swallows it does not guard the code after the try', () => {
    const u = unitOf(`${PG}
export async function f(id) {
  try {
    ${read}
    if (!rows.length) throw new Error('missing');
    await pool.query('UPDATE items SET qty = 1 WHERE id = $1', [id]);
  } catch (e) {
    console.warn(e);
  }
  await pool.query('INSERT INTO audit (item) VALUES ($1)', [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select items [pool.query pg] data(p0) cond',
      '#2 query update items [pool.query pg] guard(#1) data(p0)',
      '#3 query insert audit [pool.query pg] data(p0)',
    ]);
  });

  it('a catch that rethrows keeps the guard; break only ends its loop', () => {
    const u = unitOf(`${PG}
export async function f(id) {
  try {
    ${read}
    if (!rows.length) throw new Error('missing');
  } catch (e) {
    throw e;
  }
  while (true) {
    const r = await pool.query('SELECT 1 FROM locks WHERE id = $1', [id]);
    if (r.rowCount === 0) break;
  }
  await pool.query('UPDATE items SET qty = 1 WHERE id = $1', [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select items [pool.query pg] data(p0) cond',
      '#2 query select locks [pool.query pg] guard(#1) data(p0) cond aff',
      '#3 query update items [pool.query pg] guard(#1) data(p0)',
    ]);
  });
});

describe('terminal commits and rollbacks', () => {
  it('only in a branch that always leaves the function', () => {
    const u = unitOf(`${PG}
export async function f(client, id) {
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT qty FROM items WHERE id = $1 FOR UPDATE', [id]);
  if (rows[0].qty < 1) {
    await client.query('ROLLBACK');
    console.log('sold out');
  }
  if (rows[0].qty > 100) {
    if (id > 0) {
      await client.query('COMMIT');
    }
    return;
  }
  await client.query('COMMIT');
  return rows[0];
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin sql',
      '#2 query select items [client.query pg] data(p1) cond ret',
      '#3 tx rollback sql guard(#2)',
      '#4 tx commit sql guard(#2 p1) terminal',
      '#5 tx commit sql guard(#2)',
    ]);
  });

  it('inside a transaction callback, returning from the callback is leaving it', () => {
    const u = unitOf(`import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(id) {
  await db.transaction(async (trx) => {
    const { rows } = await trx.raw('SELECT qty FROM items WHERE id = ?', [id]);
    if (!rows.length) { await trx.rollback(); return; }
    await trx.raw('UPDATE items SET qty = qty - 1 WHERE id = ?', [id]);
  });
  await db.raw('INSERT INTO log (item) VALUES (?)', [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin callback',
      '#2 query select items [trx.raw knex] data(p0) cond',
      '#3 tx rollback call guard(#2) terminal',
      '#4 query update items [trx.raw knex] guard(#2) data(p0)',
      '#5 tx commit callback',
      '#6 query insert log [db.raw knex] data(p0)',
    ]);
  });
});

describe('jumps', () => {
  it('a continue inside a switch still guards the rest of the loop body', () => {
    const u = unitOf(`${PG}
export async function f(ids) {
  for (const id of ids) {
    ${read}
    switch (rows[0].status) {
      case 'done':
        continue;
      default:
        break;
    }
    await pool.query('UPDATE items SET status = $2 WHERE id = $1', [id, 'done']);
  }
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select items [pool.query pg] data(p0) cond',
      '#2 query update items [pool.query pg] guard(#1) data(p0)',
    ]);
  });
});

describe('transaction wrappers of the file', () => {
  it('a function that BEGINs and calls its parameter runs a passed callback inside its transaction', () => {
    const m = `${PG}
async function withTransaction(work, isolation) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
export async function ship(id) {
  return withTransaction(async (client) => {
    const { rows } = await client.query('SELECT status FROM orders WHERE id = $1', [id]);
    if (rows[0].status !== 'paid') return false;
    await client.query("UPDATE orders SET status = 'shipped' WHERE id = $1", [id]);
    return true;
  });
}`;
    expect(describeUnit(unitOf(m, 'ship'))).toEqual([
      '#1 tx begin callback serializable',
      '#2 query select orders [client.query pg] data(p0) cond',
      '#3 query update orders [client.query pg] guard(#2) data(p0)',
      '#4 tx commit callback',
    ]);
    expect(describeUnit(unitOf(m, 'withTransaction'))).toEqual([
      '#1 tx begin sql serializable',
      '#2 tx commit sql',
      '#3 tx rollback sql terminal',
    ]);
  });
});

describe('assignments in branches', () => {
  it('a variable assigned in if/else holds either branch value afterwards; SQL built in a branch is kept', () => {
    const u = unitOf(`${PG}
export async function f(id, cache, strict) {
  let product;
  if (!cache.has(id)) {
    product = (await pool.query('SELECT qty FROM products WHERE id = $1', [id])).rows[0];
  } else {
    product = cache.get(id);
  }
  let sql = 'UPDATE products SET qty = qty - 1 WHERE id = $1';
  if (strict) sql += ' AND qty > 0';
  if (product.qty > 0) await pool.query(sql, [id]);
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select products [pool.query pg] guard(p0 p1) data(p0) cond',
      '#2 query update products [pool.query pg] guard(#1 p0 p1) data(p0)',
    ]);
    const update = u.events[1];
    expect(update.type === 'query' && update.pieces.map((p) => (p.kind === 'text' ? p.text : p.source)).join('')).toBe(
      'UPDATE products SET qty = qty - 1 WHERE id = $1 AND qty > 0',
    );
  });
});
