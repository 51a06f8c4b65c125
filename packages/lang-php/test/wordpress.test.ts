import { describe, expect, it } from 'vitest';
import { php, queries, shape, sqlOf, the, txs, unit } from './support.js';

describe('WordPress $wpdb', () => {
  const m = php(`
function wcx_hold_stock($product_id, $qty) {
  global $wpdb;
  $table = $wpdb->prefix . 'wc_stock';
  $row = $wpdb->get_row($wpdb->prepare("SELECT stock FROM {$wpdb->prefix}wc_stock WHERE product_id = %d", $product_id));
  if (!$row || $row->stock < $qty) {
    wp_send_json_error(['message' => 'Out of stock'], 409);
  }
  $wpdb->update($table, ['stock' => $row->stock - $qty], ['product_id' => $product_id], ['%d'], ['%d']);
  $done = $wpdb->update($table, ['status' => 'held'], ['product_id' => $product_id, 'status' => 'free']);
  if (!$done) { return false; }
  $wpdb->insert($wpdb->prefix . 'wc_holds', ['product_id' => $product_id, 'qty' => $qty]);
  $wpdb->replace("{$wpdb->prefix}wc_hold_index", ['product_id' => $product_id]);
  $wpdb->delete($table, ['product_id' => $product_id]);
  return true;
}`);
  const u = unit(m, 'wcx_hold_stock');

  it('sees MySQL', () => {
    expect(m.dialect).toBe('mysql');
  });

  it('reads get_row($wpdb->prepare(...)) as the select, with the prefix as a hole', () => {
    const select = the(u, 'select');
    expect(select).toMatchObject({ api: '$wpdb->get_row', driver: 'wpdb' });
    expect(sqlOf(select)).toBe('SELECT stock FROM {{$wpdb->prefix}}wc_stock WHERE product_id = %d');
    expect(select.data.params).toEqual([0]);
  });

  it('synthesises update/insert/replace/delete from the arguments', () => {
    expect(shape(u)).toEqual(['select', 'update', 'update', 'insert', 'upsert', 'delete']);
    const [, blind, cond, insert, replace, del] = queries(u);
    expect(sqlOf(blind)).toBe('UPDATE {$wpdb->prefix}wc_stock SET stock = ? WHERE product_id = ?');
    expect(blind.sql.conditional).toBe(false);
    expect(cond.sql.conditional).toBe(true);
    expect(sqlOf(insert)).toBe('INSERT INTO {$wpdb->prefix}wc_holds (product_id, qty) VALUES (?, ?)');
    expect(replace.sql).toMatchObject({ kind: 'upsert', upsert: 'replace' });
    expect(del.sql.kind).toBe('delete');
    expect(blind.api).toBe('$wpdb->update');
  });

  it('treats wp_send_json_error as an early exit and follows the row into the update', () => {
    const [select, update] = queries(u);
    expect(update.guard.events).toEqual([select.id]);
    expect(update.data.events).toEqual([select.id]);
  });

  it("counts $wpdb->update()'s return as affected rows", () => {
    const [, blind, cond] = queries(u);
    expect(cond.result.affectedRowsChecked).toBe(true);
    expect(blind.result.affectedRowsChecked).toBe(false);
  });

  it('reads transactions written as SQL through $wpdb->query and the query() return as a count', () => {
    const w = unit(
      php(`function pay($id) {
  global $wpdb;
  $wpdb->query('START TRANSACTION');
  $status = $wpdb->get_var($wpdb->prepare("SELECT status FROM {$wpdb->prefix}orders WHERE id = %d FOR UPDATE", $id));
  if ($status !== 'pending') { $wpdb->query('ROLLBACK'); return; }
  $n = $wpdb->query($wpdb->prepare("UPDATE {$wpdb->prefix}orders SET status = 'paid' WHERE id = %d", $id));
  $wpdb->query('COMMIT');
  return $n;
}`),
      'pay',
    );
    expect(shape(w)).toEqual(['tx:begin', 'select', 'tx:rollback', 'update', 'tx:commit']);
    expect(txs(w)[0]).toMatchObject({ via: 'sql', api: '$wpdb->query' });
    expect(txs(w)[1].terminal).toBe(true);
    expect(the(w, 'update').result.affectedRowsChecked).toBe(true);
    expect(the(w, 'select').sql.locking).toBe('for-update');
  });

  it('reads $wpdb->posts as prefix + posts', () => {
    const w = unit(php(`$n = $wpdb->get_var("SELECT COUNT(*) FROM $wpdb->posts WHERE post_type = 'shop_order'");`), '<script>');
    expect(queries(w)[0].pieces[0]).toMatchObject({ kind: 'text', text: 'SELECT COUNT(*) FROM ' });
    expect(queries(w)[0].pieces[1]).toMatchObject({ kind: 'hole', source: '$wpdb->prefix' });
    expect(queries(w)[0].pieces[2]).toMatchObject({ kind: 'text', text: 'posts' });
  });

  it('calls a synthesised write conditional only when a $where key is not key-like', () => {
    const w = unit(
      php(`function f($t, $id, $code) {
  global $wpdb;
  $wpdb->update($t, ['n' => 1], ['id' => $id]);
  $wpdb->update($t, ['n' => 1], ['code' => $code, 'product_id' => $id]);
  $wpdb->update($t, ['n' => 1], ['id' => $id, 'status' => 'open']);
  $wpdb->delete($t, ['id' => $id, 'used' => 0]);
  $wpdb->update($t, ['n' => 1], $where);
}`),
      'f',
    );
    expect(queries(w).map((q) => q.sql.conditional)).toEqual([false, false, true, true, false]);
  });
});
