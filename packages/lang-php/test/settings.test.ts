/** The project's settings (tocscan.config.json): in-house query wrappers, transaction functions, table prefixes, PHP version. */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, type Unit } from '@tocscan/core';
import type { ExtractOptions } from '@tocscan/lang-php';
import { php, queries, shape, the, txs, unit } from './support.js';

const SETTINGS: ExtractOptions = {
  queryFunctions: [{ call: 'Db::q', returns: 'rows' }, '$db->set', { call: 'sqlQuery', sqlArgument: 1 }, { call: '$db->run', returns: 'affected-rows' }],
  transactionFunctions: {
    begin: [{ call: 'db_begin', isolation: 'serializable' }, '$db->startWork'],
    commit: ['db_commit'],
    rollback: ['db_rollback'],
    callback: [{ call: 'with_tx', callbackArgument: 1 }],
  },
  tablePrefixes: ['DB_PREFIX', '$this->prefix'],
};

function pairs(code: string, options?: ExtractOptions) {
  const model = php(code, options);
  return analyzeFiles([model])[0].pairs.map((p) => `${p.unit.name} ${p.table} [${p.protections.join(',')}]`);
}

describe('configured query functions', () => {
  const code = `
function redeem($db, $code) {
  $used = Db::q("SELECT 1 FROM coupons WHERE code = '" . $code . "' AND used = 1");
  if ($used) { return false; }
  $db->set("UPDATE coupons SET used = 1 WHERE code = '" . $code . "'");
}`;

  it('run SQL even where the name means something else, and return what they are declared to', () => {
    expect(pairs(code, SETTINGS)).toEqual(['redeem coupons []']);
    // Without the settings: `Db::q` looks like it returns a result handle (testing it checks success) and `->set()` is not SQL.
    expect(pairs(code)).toEqual([]);
  });

  it('take the SQL from the argument named by sqlArgument', () => {
    const u = unit(php('function f($link) { sqlQuery($link, "DELETE FROM carts WHERE id = 1"); }', SETTINGS), 'f');
    expect(the(u, 'delete').api).toBe('sqlQuery');
  });

  it('match the receiver by its trailing names, case-insensitively', () => {
    const u = unit(php('class A { function f() { $this->db->SET("UPDATE t SET a = 1 WHERE id = 2"); $this->cache->set("UPDATE t SET a = 1 WHERE id = 2"); } }', SETTINGS), 'A.f');
    expect(queries(u).map((q) => q.api)).toEqual(['$this->db->SET']);
  });

  it('give the affected-row count when declared so, which the strict rule reads', () => {
    const code = `
function pay($db, $id) {
  if ($db->run("UPDATE orders SET status = 'paid' WHERE id = " . (int) $id . " AND status = 'new'") === 0) { return false; }
  return true;
}`;
    const u = unit(php(code, SETTINGS), 'pay');
    expect(the(u, 'update').result.affectedRowsChecked).toBe(true);
    // Without the setting `run` is read as returning a result handle: comparing it checks nothing.
    expect(the(unit(php(code), 'pay'), 'update').result.affectedRowsChecked).toBe(false);
  });
});

describe('configured transaction functions', () => {
  it('begin (with an isolation level), commit and roll back', () => {
    const code = `
function pay($db, $id) {
  db_begin();
  $row = Db::q("SELECT balance FROM wallets WHERE id = " . (int) $id);
  if ($row[0]['balance'] < 10) { db_rollback(); return false; }
  Db::q("UPDATE wallets SET balance = balance - 10 WHERE id = " . (int) $id);
  db_commit();
}`;
    const u = unit(php(code, SETTINGS), 'pay');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'tx:rollback', 'update', 'tx:commit']);
    expect(txs(u)[0].isolation).toBe('serializable');
    expect(pairs(code, SETTINGS)).toEqual(['pay wallets [serializable]']);
    expect(pairs(code)).toEqual(['pay wallets []']);
  });

  it('method patterns begin too', () => {
    const u = unit(php('function f($db) { $db->startWork(); $db->query("UPDATE t SET a = 1 WHERE id = 1"); }', SETTINGS), 'f');
    expect(shape(u)).toEqual(['tx:begin', 'update']);
  });

  it('run the callback argument inline, inside the transaction', () => {
    const code = `
function refund($db, $id) {
  return with_tx($db, function () use ($id) {
    $o = Db::q("SELECT status FROM orders WHERE id = " . (int) $id);
    if ($o[0]['status'] !== 'paid') { return false; }
    Db::q("UPDATE orders SET status = 'refunded' WHERE id = " . (int) $id);
  });
}`;
    const model = php(code, SETTINGS);
    expect(model.units.map((u: Unit) => u.name)).toEqual(['<script>', 'refund']);
    expect(shape(unit(model, 'refund'))).toEqual(['tx:begin', 'select', 'update', 'tx:commit']);
    expect(pairs(code, SETTINGS)).toEqual(['refund orders [plain-transaction]']);
  });
});

describe('table prefixes', () => {
  const code = `
define('DB_PREFIX', 'oc_');
class Cart {
  private $prefix = 'oc_';
  function add($db, $id) {
    $row = $db->query("SELECT qty FROM " . DB_PREFIX . "cart WHERE id = " . (int) $id)->fetch_assoc();
    if ($row) { $db->query("UPDATE {$this->prefix}cart SET qty = qty + 1 WHERE id = " . (int) $id); }
  }
}`;

  it('are holes whatever their value, so a table has one name in every file', () => {
    const u = unit(php(code, SETTINGS), 'Cart.add');
    expect(queries(u).map((q) => q.sql.tables)).toEqual([['cart'], ['cart']]);
    // Without the setting the values defined in this file are read: `oc_cart` here, `cart` in a file that does not define them.
    expect(queries(unit(php(code), 'Cart.add')).map((q) => q.sql.tables)).toEqual([['oc_cart'], ['oc_cart']]);
  });
});

describe('phpVersion', () => {
  const legacy = 'function fn($v) { return htmlspecialchars($v); }\nfunction f($db) { $db->query("DELETE FROM t WHERE id = 1"); }';

  it('reads PHP 7.3 code where `fn` is still a function name', () => {
    expect(php(legacy, { phpVersion: '7.3' }).problems).toEqual([]);
    expect(php(legacy).problems.map((p) => p.severity)).toContain('syntax');
  });

  it('reports an unusable version as a problem of the file, never a crash', () => {
    expect(php(legacy, { phpVersion: 'eight' }).problems.map((p) => p.severity)).toEqual(['fatal']);
  });
});
