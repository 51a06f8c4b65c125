import { describe, expect, it } from 'vitest';
import { describeUnit, model, unitOf } from './helpers.js';

const PGJS = "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);\n";
const KNEX = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";

describe('postgres.js', () => {
  it('tagged templates: holes are data, const [row] = await sql`…`, result.count', () => {
    const src = `${PGJS}
export async function buy(id: number, qty: number) {
  const [product] = await sql\`SELECT quantity FROM products WHERE id = \${id}\`;
  if (!product) throw new Error('not found');
  const res = await sql\`UPDATE products SET quantity = \${product.quantity - qty} WHERE id = \${id}\`;
  return res.count > 0;
}`;
    const u = unitOf(src);
    expect(describeUnit(u)).toEqual([
      '#1 query select products [sql postgres] data(p0) cond',
      '#2 query update products [sql postgres] guard(#1) data(#1 p0 p1) ret aff',
    ]);
    const q = u.events[0];
    expect(q.type === 'query' && q.pieces).toEqual([
      { kind: 'text', text: 'SELECT quantity FROM products WHERE id = ', offset: src.indexOf('SELECT quantity') },
      { kind: 'hole', source: '${id}', offset: src.indexOf('${id}'), endOffset: src.indexOf('${id}') + 5 },
    ]);
    expect(model(PGJS).dialect).toBe('postgresql');
  });

  it('sql.begin(async sql => …) wraps the callback in begin/commit; the isolation string is read', () => {
    const u = unitOf(`${PGJS}
export async function transfer(from: number, to: number, amount: number) {
  return sql.begin('isolation level serializable', async (sql) => {
    const [a] = await sql\`SELECT balance FROM accounts WHERE id = \${from}\`;
    if (a.balance < amount) return null;
    await sql\`UPDATE accounts SET balance = balance - \${amount} WHERE id = \${from}\`;
    await sql\`UPDATE accounts SET balance = balance + \${amount} WHERE id = \${to}\`;
    return a;
  });
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin callback serializable',
      '#2 query select accounts [sql postgres] data(p0) cond ret',
      '#3 query update accounts [sql postgres] guard(#2 p2) data(p0 p2)',
      '#4 query update accounts [sql postgres] guard(#2 p2) data(p1 p2)',
      '#5 tx commit callback',
    ]);
    expect(u.returns).toEqual({ events: [2], params: [] });
  });

  it('a plain sql.begin(fn) has no isolation', () => {
    const u = unitOf(`${PGJS}
export async function f() { await sql.begin(async (tx) => { await tx\`DELETE FROM sessions WHERE expired\`; }); }`);
    expect(describeUnit(u)).toEqual(['#1 tx begin callback', '#2 query delete sessions [tx postgres]', '#3 tx commit callback']);
  });
});

describe('knex', () => {
  it('knex.raw / trx.raw inside knex.transaction(cb, { isolationLevel })', () => {
    const u = unitOf(`${KNEX}
export async function redeem(code: string) {
  await db.transaction(async (trx) => {
    const { rows } = await trx.raw('SELECT uses FROM coupons WHERE code = ?', [code]);
    if (rows[0].uses >= 1) throw new Error('used');
    await trx.raw('UPDATE coupons SET uses = uses + 1 WHERE code = ?', [code]);
  }, { isolationLevel: 'serializable' });
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin callback serializable',
      '#2 query select coupons [trx.raw knex] data(p0) cond',
      '#3 query update coupons [trx.raw knex] guard(#2) data(p0)',
      '#4 tx commit callback',
    ]);
    expect(model(KNEX).dialect).toBe('postgresql');
  });

  it('const trx = await knex.transaction(): trx.commit()/trx.rollback() are transaction calls', () => {
    const u = unitOf(`${KNEX}
export async function settle(id) {
  const trx = await db.transaction();
  try {
    const r = await trx.raw('SELECT total FROM invoices WHERE id = ?', [id]);
    await trx.raw('UPDATE invoices SET paid = ? WHERE id = ?', [r.rows[0].total, id]);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin call',
      '#2 query select invoices [trx.raw knex] data(p0)',
      '#3 query update invoices [trx.raw knex] data(#2 p0)',
      '#4 tx commit call',
      '#5 tx rollback call terminal',
    ]);
  });

  it('reads the dialect from a knex client config, also through require', () => {
    expect(model("const db = require('knex')({ client: 'mysql2' });", 'db.js').dialect).toBe('mysql');
    expect(model("import Knex from 'knex';\nexport const db = Knex({ client: 'better-sqlite3' });").dialect).toBe('sqlite');
  });
});
