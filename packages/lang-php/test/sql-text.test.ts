import { describe, expect, it } from 'vitest';
import { php, queries, sqlOf, unit } from './support.js';

/** The SQL of the only query in the script. */
function sql(code: string): string {
  const qs = queries(unit(php(code), '<script>'));
  expect(qs).toHaveLength(1);
  return sqlOf(qs[0]);
}

describe('assembling SQL text', () => {
  it('reads single- and double-quoted literals with their source offsets', () => {
    const code = `<?php\n$db->query('SELECT * FROM users WHERE name = \\'x\\'');`;
    const q = queries(unit(php(code), '<script>'))[0];
    expect(sqlOf(q)).toBe("SELECT * FROM users WHERE name = 'x'");
    const first = q.pieces[0];
    expect(first.kind === 'text' && code.slice(first.offset, first.offset + 6)).toBe('SELECT');
  });

  it('joins `.` concatenation with holes for constants, casts and calls', () => {
    expect(sql(`$db->query("SELECT * FROM " . DB_PREFIX . "product WHERE product_id = '" . (int)$id . "' AND x = " . intval($x));`)).toBe(
      "SELECT * FROM {DB_PREFIX}product WHERE product_id = '{(int)$id}' AND x = {intval($x)}",
    );
  });

  it('reads interpolation: simple and complex syntax, array offsets, properties', () => {
    expect(sql(`$db->query("UPDATE t SET a = $a, b = {$b}, c = {$row['c']}, d = {$obj->d} WHERE id = $id");`)).toBe(
      "UPDATE t SET a = {$a}, b = {{$b}}, c = {{$row['c']}}, d = {{$obj->d}} WHERE id = {$id}",
    );
  });

  it('resolves WordPress prefixes and core tables', () => {
    expect(sql(`$wpdb->query("DELETE FROM {$wpdb->prefix}wc_sessions WHERE x = 1");`)).toBe('DELETE FROM {{$wpdb->prefix}}wc_sessions WHERE x = 1');
    expect(sql(`$wpdb->query("UPDATE $wpdb->posts SET post_status = 'draft'");`)).toBe("UPDATE {$wpdb->prefix}posts SET post_status = 'draft'");
    expect(sql(`$wpdb->query("UPDATE {$wpdb->postmeta} SET meta_value = 1");`)).toBe('UPDATE {$wpdb->prefix}postmeta SET meta_value = 1');
    expect(sql(`$wpdb->query("UPDATE " . $wpdb->prefix . "wc_stock SET stock = 0");`)).toBe('UPDATE {$wpdb->prefix}wc_stock SET stock = 0');
  });

  it('reads heredoc (with interpolation) and nowdoc', () => {
    expect(
      sql(`$sql = <<<SQL
    SELECT qty
      FROM {$prefix}stock
     WHERE sku = :sku
    SQL;
$pdo->prepare($sql)->execute(['sku' => $sku]);`),
    ).toBe('SELECT qty\n  FROM {{$prefix}}stock\n WHERE sku = :sku');
    expect(
      sql(`$pdo->exec(<<<'SQL'
UPDATE counters SET n = n + 1 WHERE name = 'hits'
SQL);`),
    ).toBe("UPDATE counters SET n = n + 1 WHERE name = 'hits'");
  });

  it('follows variables and `.=` appends in order', () => {
    expect(
      sql(`$sql = "UPDATE orders SET status = 'paid'";
$sql .= " WHERE id = " . (int) $id;
if ($strict) { $sql .= " AND status = 'pending'"; }
mysqli_query($conn, $sql);`),
    ).toBe("UPDATE orders SET status = 'paid' WHERE id = {(int) $id} AND status = 'pending'");
  });

  it('formats sprintf and vsprintf, keeping %% and positional arguments', () => {
    expect(sql(`$db->query(sprintf("SELECT * FROM %sorders WHERE id = %d AND note LIKE '100%%'", DB_PREFIX, $id));`)).toBe(
      "SELECT * FROM {DB_PREFIX}orders WHERE id = {$id} AND note LIKE '100%'",
    );
    expect(sql(`$db->query(sprintf('UPDATE %1$s SET a = %2$d WHERE b = %2$d', 'items', $n));`)).toBe('UPDATE items SET a = {$n} WHERE b = {$n}');
    expect(sql(`$db->query(vsprintf('DELETE FROM %s WHERE id = %d', ['carts', $cartId]));`)).toBe('DELETE FROM carts WHERE id = {$cartId}');
  });

  it('keeps $wpdb->prepare placeholders as they are', () => {
    expect(sql(`$wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->prefix}carts WHERE user_id = %d AND sku = %s", $uid, $sku));`)).toBe(
      'SELECT * FROM {{$wpdb->prefix}}carts WHERE user_id = %d AND sku = %s',
    );
  });

  it('resolves constants, class constants and property defaults defined in the file', () => {
    const m = php(`
const ORDERS = 'shop_orders';
define('ITEMS', 'shop_items');
class Repo {
  const FIND = 'SELECT * FROM ' . ORDERS . ' WHERE id = ?';
  protected $table = 'shop_carts';
  public function a($pdo) { $pdo->prepare(self::FIND)->execute([1]); }
  public function b($pdo) { $pdo->exec("DELETE FROM {$this->table} WHERE id = 1"); }
  public function c($pdo) { $pdo->exec('UPDATE ' . ITEMS . ' SET n = 0'); }
  public function d($pdo) { $pdo->exec(Repo::FIND); }
}`);
    expect(sqlOf(queries(unit(m, 'Repo.a'))[0])).toBe('SELECT * FROM shop_orders WHERE id = ?');
    expect(sqlOf(queries(unit(m, 'Repo.b'))[0])).toBe('DELETE FROM shop_carts WHERE id = 1');
    expect(sqlOf(queries(unit(m, 'Repo.c'))[0])).toBe('UPDATE shop_items SET n = 0');
    expect(sqlOf(queries(unit(m, 'Repo.d'))[0])).toBe('SELECT * FROM shop_orders WHERE id = ?');
  });

  it('passes SQL through DB::raw and trim without executing it there', () => {
    expect(sql(`$q = DB::raw("SELECT 1 FROM t"); $s = rtrim("UPDATE t SET a = 1, ", ", "); DB::statement($s);`)).toBe('UPDATE t SET a = 1, ');
  });

  it('sets sqlLoc to the SQL expression when it is one expression', () => {
    const code = `<?php\n$sql = "SELECT * FROM t WHERE id = ?";\n$stmt = $pdo->prepare($sql);\n$stmt->execute([$id]);`;
    const q = queries(unit(php(code), '<script>'))[0];
    expect(q.sqlLoc && code.slice(q.sqlLoc.offset, q.sqlLoc.endOffset)).toBe('"SELECT * FROM t WHERE id = ?"');
    expect(code.slice(q.loc.offset, q.loc.endOffset)).toBe('$stmt->execute([$id])');
  });
});
