/** The project's settings (tocscan.config.json, ESLint rule options): in-house query wrappers, transaction functions, table prefixes. */
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '@tocscan/core';
import type { ExtractOptions } from '../src/index.js';
import { describeUnit, model, unitOf } from './helpers.js';

const SETTINGS: ExtractOptions = {
  queryFunctions: [{ call: 'db.fetchRow', sqlArgument: 1 }, '*.send', { call: 'exec', returns: 'affected-rows' }],
  transactionFunctions: {
    begin: [{ call: 'beginWork', isolation: 'repeatable-read' }],
    commit: ['commitWork'],
    rollback: ['this.tx.abort'],
    callback: [{ call: 'inTransaction', callbackArgument: 1, isolation: 'serializable' }],
  },
  tablePrefixes: ['TABLE_PREFIX', 'this.prefix'],
};

function pairs(source: string, options?: ExtractOptions) {
  return analyzeFiles([model(source, 'app.ts', options)])[0].pairs.map((p) => `${p.unit.name} ${p.table} [${p.protections.join(',')}]`);
}

describe('configured query functions', () => {
  const source = `
export async function redeem(db, conn, code) {
  const row = await db.fetchRow(conn, 'SELECT used FROM coupons WHERE code = ?', [code]);
  if (!row.used) await api.send('UPDATE coupons SET used = 1 WHERE code = ?', [code]);
}`;

  it('run SQL from the argument they name, on the receivers they name, even where the name means "not SQL"', () => {
    expect(pairs(source, SETTINGS)).toEqual(['redeem coupons []']);
    // Without the settings: the SQL is not the first argument of fetchRow, and `send` is a response method.
    expect(pairs(source)).toEqual([]);
  });

  it('give the affected-row count when declared so', () => {
    const source = `export async function pay(id) {
  if ((await exec("UPDATE orders SET status = 'paid' WHERE id = ? AND status = 'new'", [id])) === 0) return false;
}`;
    expect(describeUnit(unitOf(source, 'pay', 'app.ts', SETTINGS))).toEqual(['#1 query update orders [exec generic] data(p0) cond aff']);
    expect(describeUnit(unitOf(source, 'pay'))).toEqual(['#1 query update orders [exec generic] data(p0) cond']);
  });
});

describe('configured transaction functions', () => {
  it('begin with an isolation level, commit and roll back through method paths', () => {
    const u = unitOf(
      `class Shop { async buy(id) {
  beginWork();
  const { rows } = await pool.query('SELECT qty FROM items WHERE id = $1', [id]);
  if (rows[0].qty < 1) { await this.tx.abort(); return; }
  await pool.query('UPDATE items SET qty = qty - 1 WHERE id = $1', [id]);
  commitWork();
} }`,
      'Shop.buy',
      'app.ts',
      SETTINGS,
    );
    expect(describeUnit(u).map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual([
      'tx begin call',
      'query select items',
      'tx rollback call',
      'query update items',
      'tx commit call',
    ]);
    expect(describeUnit(u)[0]).toContain('repeatable-read');
  });

  it('run the callback argument inside the transaction', () => {
    const source = `
export async function refund(db, id) {
  return inTransaction(db, async () => {
    const { rows } = await db.query('SELECT status FROM orders WHERE id = $1', [id]);
    if (rows[0].status !== 'paid') return false;
    await db.query("UPDATE orders SET status = 'refunded' WHERE id = $1", [id]);
  });
}`;
    expect(pairs(source, SETTINGS)).toEqual(['refund orders [serializable]']);
    expect(pairs(source)).toEqual(['<anonymous@3> orders []']);
  });
});

describe('table prefixes', () => {
  const source = `
const TABLE_PREFIX = 'app_';
export async function hold(pool, id) {
  const { rows } = await pool.query(\`SELECT qty FROM \${TABLE_PREFIX}stock WHERE id = $1\`, [id]);
  if (rows[0].qty > 0) await pool.query('UPDATE ' + TABLE_PREFIX + 'stock SET qty = qty - 1 WHERE id = $1', [id]);
}`;

  it('are holes whatever their value, so a table has one name in every file', () => {
    expect(pairs(source, SETTINGS)).toEqual(['hold stock []']);
    expect(pairs(source)).toEqual(['hold app_stock []']);
  });
});
