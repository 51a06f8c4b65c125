import { describe, expect, it } from 'vitest';
import { describeUnit, model, unitNamed, unitOf } from './helpers.js';

describe('generic SQL calls', () => {
  it('any call whose first argument is SQL text: db.any, this.db.query, a home-grown run(sql)', () => {
    const m = model(`import pgp from 'pg-promise';
const db = pgp()('postgres://');
async function run(sql: string, params: unknown[]) { return db.any(sql, params); }
export async function bump(id: number) {
  const rows = await db.any('SELECT views FROM pages WHERE id = $1', [id]);
  await run('UPDATE pages SET views = $1 WHERE id = $2', [rows[0].views + 1, id]);
}
class Store {
  constructor(private db: any) {}
  async load(id: number) { return this.db.query('SELECT * FROM carts WHERE id = $1', [id]); }
}`);
    expect(describeUnit(unitNamed(m, 'bump'))).toEqual([
      '#1 query select pages [db.any generic] data(p0)',
      '#2 query update pages [run generic] data(#1 p0)',
    ]);
    expect(unitNamed(m, 'run').events).toEqual([]);
    expect(describeUnit(unitNamed(m, 'Store.load'))).toEqual(['#1 query select carts [this.db.query generic] data(p0) ret']);
  });

  it('concatenation with unknown parts makes holes carrying their source text; known constants are inlined', () => {
    const src = `const TABLE = 'orders';
export async function f(db, prefix, id) {
  return db.query('SELECT * FROM ' + prefix + TABLE + ' WHERE id = ?', [id]);
}`;
    const u = unitOf(src, 'f', 'f.js');
    const q = u.events[0];
    expect(q.type).toBe('query');
    if (q.type !== 'query') return;
    expect(q.pieces.map((p) => (p.kind === 'text' ? `text:${p.text}` : `hole:${p.source}`))).toEqual([
      'text:SELECT * FROM ',
      'hole:prefix',
      'text:orders',
      'text: WHERE id = ?',
    ]);
    expect(q.data).toEqual({ events: [], params: [1, 2] });
    expect(src.slice(q.sqlLoc!.offset, q.sqlLoc!.endOffset)).toBe("'SELECT * FROM ' + prefix + TABLE + ' WHERE id = ?'");
  });

  it('[...].join(" ") and mysql.format keep the SQL text', () => {
    const u = unitOf(
      `const mysql = require('mysql2');
async function f(conn, id) {
  const q = ['SELECT *', 'FROM users', 'WHERE id = ?'].join(' ');
  await conn.query(mysql.format('DELETE FROM sessions WHERE user_id = ?', [id]));
  return conn.query(q, [id]);
}`,
      'f',
      'f.js',
    );
    expect(describeUnit(u)).toEqual(['#1 query delete sessions [conn.query mysql2] data(p1)', '#2 query select users [conn.query mysql2] data(p1) ret']);
  });

  it('String.raw only builds SQL text; the call that runs it is the query', () => {
    const u = unitOf('export const f = (db, id) => { const q = String.raw`SELECT * FROM t WHERE path LIKE \'%\\%\'`; return db.all(q, id); };', 'f');
    expect(describeUnit(u)).toEqual(['#1 query select t [db.all generic] data(p1) ret']);
  });

  it('does not take logging, responses or UI text for queries', () => {
    const u = unitOf(`export function f(res, logger) {
  logger.info('UPDATE orders SET status = 1 WHERE id = 2');
  console.log('SELECT * FROM users');
  res.send('Update your profile');
  showToast('Select a file from your computer');
}`, 'f');
    expect(u.events).toEqual([]);
  });
});

describe('ORMs with raw SQL', () => {
  it('Prisma $queryRaw/$executeRaw tagged templates; $executeRaw returns the affected-row count', () => {
    const u = unitOf(`import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function claim(id: number, worker: string) {
  const rows = await prisma.$queryRaw\`SELECT owner FROM jobs WHERE id = \${id}\`;
  if (rows[0].owner) return false;
  const changed = await prisma.$executeRaw\`UPDATE jobs SET owner = \${worker} WHERE id = \${id} AND owner IS NULL\`;
  return changed === 1;
}`);
    expect(describeUnit(u)).toEqual([
      '#1 query select jobs [prisma.$queryRaw generic] data(p0) cond',
      '#2 query update jobs [prisma.$executeRaw generic] guard(#1) data(p0 p1) ret aff',
    ]);
  });
});

describe('helpers in the same file', () => {
  const layered = `import { Pool } from 'pg';
export class ProductRepository {
  constructor(private pool: Pool) {}
  async getById(id: number) {
    const { rows } = await this.pool.query('SELECT * FROM products WHERE id = $1', [id]);
    return rows[0];
  }
  async decrementQuantity(id: number) {
    await this.pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [id]);
  }
}
export class ProductService {
  constructor(private repo: ProductRepository, private orders: OrderRepository) {}
  async buy(id: number, customerId: number) {
    const product = await this.repo.getById(id);
    if (product.quantity > 0) {
      await this.orders.create(customerId, id, product.price);
      await this.repo.decrementQuantity(id);
      return true;
    }
    return false;
  }
  static async restock(id: number) {
    return ProductRepository.reset(id);
  }
}
class OrderRepository {
  async create(customerId: number, productId: number, price: number) {}
  static async reset(id: number) {}
}`;

  it('repository methods summarise their SQL; the service emits CallEvents with guard/data/args/result', () => {
    const m = model(layered);
    const getById = unitNamed(m, 'ProductRepository.getById');
    expect(getById.simpleName).toBe('getById');
    expect(getById.className).toBe('ProductRepository');
    expect(getById.kind).toBe('method');
    expect(getById.returns).toEqual({ events: [1], params: [] });
    expect(describeUnit(getById)).toEqual(['#1 query select products [this.pool.query pg] data(p0) ret']);
    expect(describeUnit(unitNamed(m, 'ProductRepository.decrementQuantity'))).toEqual([
      '#1 query update products [this.pool.query pg] data(p0)',
    ]);
    expect(describeUnit(unitNamed(m, 'ProductService.buy'))).toEqual([
      '#1 call getById recv=this.repo args(p0) data(p0) cond',
      '#2 call create recv=this.orders args(p1|p0|#1) guard(#1) data(#1 p0 p1)',
      '#3 call decrementQuantity recv=this.repo args(p0) guard(#1) data(p0)',
    ]);
    expect(describeUnit(unitNamed(m, 'ProductService.restock'))).toEqual(['#1 call reset class=ProductRepository args(p0) data(p0) ret']);
  });

  it('options.helperNames makes calls to functions of other files CallEvents', () => {
    const src = `import { findUser, createUser } from './users';
export async function signup(email) {
  if (await findUser(email)) return null;
  return createUser(email);
}`;
    expect(unitOf(src, 'signup').events).toEqual([]);
    const u = unitOf(src, 'signup', 'a.ts', { helperNames: new Set(['findUser', 'createUser']) });
    expect(describeUnit(u)).toEqual(['#1 call findUser args(p0) data(p0) cond', '#2 call createUser args(p0) guard(#1) data(p0) ret']);
  });
});
