import { describe, expect, it } from 'vitest';
import { describeUnit, dump, model, unitNamed, unitOf } from './helpers.js';

const BS3 = "import Database from 'better-sqlite3';\nconst db = new Database('shop.db');\n";

describe('better-sqlite3', () => {
  it('db.prepare(sql).get/run: the event is the executing call, the SQL is the prepare argument', () => {
    const src = `${BS3}
export function buy(id: number, qty: number) {
  const product = db.prepare('SELECT quantity FROM products WHERE id = ?').get(id);
  if (product.quantity < qty) return false;
  const info = db.prepare('UPDATE products SET quantity = quantity - ? WHERE id = ? AND quantity >= ?').run(qty, id, qty);
  return info.changes === 1;
}`;
    const u = unitOf(src);
    expect(describeUnit(u)).toEqual([
      '#1 query select products [db.prepare(…).get better-sqlite3] data(p0) cond',
      '#2 query update products [db.prepare(…).run better-sqlite3] guard(#1 p1) data(p0 p1) ret aff',
    ]);
    const q = u.events[1];
    expect(src.slice(q.loc.offset, q.loc.endOffset)).toMatch(/^db\.prepare\('UPDATE[^]*\.run\(qty, id, qty\)$/);
    expect(q.type === 'query' && src.slice(q.sqlLoc!.offset, q.sqlLoc!.endOffset)).toMatch(/^'UPDATE products/);
    expect(model(BS3).dialect).toBe('sqlite');
  });

  it('statements prepared at module level, in a class field and in the constructor are used inside functions', () => {
    const m = model(`${BS3}
const findProduct = db.prepare('SELECT * FROM products WHERE id = ?');
const stmts = { decrement: db.prepare('UPDATE products SET quantity = quantity - 1 WHERE id = ?') };
export function sell(id) {
  const p = findProduct.get(id);
  if (p.quantity > 0) stmts.decrement.run(id);
}
class Inventory {
  find = db.prepare('SELECT * FROM stock WHERE sku = ?');
  constructor(db) {
    this.db = db;
    this.setQty = db.prepare('UPDATE stock SET qty = ? WHERE sku = ?');
  }
  take(sku, n) {
    const row = this.find.pluck().get(sku);
    this.setQty.run(row - n, sku);
  }
}`);
    expect(describeUnit(unitNamed(m, 'sell'))).toEqual([
      '#1 query select products [findProduct.get better-sqlite3] data(p0) cond',
      '#2 query update products [stmts.decrement.run better-sqlite3] guard(#1) data(p0)',
    ]);
    expect(describeUnit(unitNamed(m, 'Inventory.take'))).toEqual([
      '#1 query select stock [this.find.pluck().get better-sqlite3] data(p0)',
      '#2 query update stock [this.setQty.run better-sqlite3] data(#1 p0 p1)',
    ]);
    expect(unitNamed(m, '<module>').events).toEqual([]);
  });

  it('db.transaction(fn) bound to a name is a unit in a serializing transaction; calling it is a helper call', () => {
    const m = model(`${BS3}
const getStock = db.prepare('SELECT quantity FROM products WHERE id = ?');
const buy = db.transaction((id: number) => {
  const row = getStock.get(id);
  if (row.quantity > 0) db.prepare('UPDATE products SET quantity = quantity - 1 WHERE id = ?').run(id);
});
export function checkout(ids: number[]) {
  for (const id of ids) buy(id);
  buy.immediate(ids[0]);
}`);
    expect(dump(m)).toContain('function buy(id) tx:db.transaction serializing returns()');
    const buy = unitNamed(m, 'buy');
    expect(buy.simpleName).toBe('buy');
    expect(buy.transactionBody).toEqual({ api: 'db.transaction', serializing: true });
    expect(describeUnit(buy)).toEqual([
      '#1 query select products [getStock.get better-sqlite3] data(p0) cond',
      '#2 query update products [db.prepare(…).run better-sqlite3] guard(#1) data(p0)',
    ]);
    expect(describeUnit(unitNamed(m, 'checkout'))).toEqual(['#1 call buy args(p0) data(p0)', '#2 call buy args(p0) data(p0)']);
  });

  it('db.transaction(fn)(…) called at once is inlined between serializing begin/commit', () => {
    const u = unitOf(`${BS3}
export function move(from, to) {
  db.transaction(() => {
    const a = db.prepare('SELECT balance FROM accounts WHERE id = ?').get(from);
    db.prepare('UPDATE accounts SET balance = ? WHERE id = ?').run(a.balance - 1, from);
  })();
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin callback serializing',
      '#2 query select accounts [db.prepare(…).get better-sqlite3] data(p0)',
      '#3 query update accounts [db.prepare(…).run better-sqlite3] data(#2 p0)',
      '#4 tx commit callback serializing',
    ]);
  });

  it("db.exec('BEGIN IMMEDIATE') … db.exec('COMMIT')", () => {
    const u = unitOf(`${BS3}
export function redeem(code) {
  db.exec('BEGIN IMMEDIATE');
  const c = db.prepare('SELECT used FROM gift_cards WHERE code = ?').get(code);
  if (c.used) { db.exec('ROLLBACK'); return false; }
  db.prepare('UPDATE gift_cards SET used = 1 WHERE code = ?').run(code);
  db.exec('COMMIT');
  return true;
}`);
    expect(describeUnit(u)).toEqual([
      '#1 tx begin sql serializing',
      '#2 query select gift_cards [db.prepare(…).get better-sqlite3] data(p0) cond',
      '#3 tx rollback sql guard(#2) terminal',
      '#4 query update gift_cards [db.prepare(…).run better-sqlite3] guard(#2) data(p0)',
      '#5 tx commit sql guard(#2)',
    ]);
  });

  it('sqlite3 callbacks: this.changes in a function callback is the affected-row count', () => {
    const u = unitOf(
      `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
function release(id, cb) {
  db.run('UPDATE seats SET held = 0 WHERE id = ? AND held = 1', [id], function (err) {
    if (this.changes === 0) return cb(new Error('not held'));
    cb(null);
  });
}`,
      'release',
      'seats.js',
    );
    expect(describeUnit(u)).toEqual(['#1 query update seats [db.run generic] data(p0) cond aff']);
  });
});
