import { describe, expect, it } from 'vitest';
import { php, queries, shape, sqlOf, the, unit } from './support.js';

describe('legacy scripts and generic wrappers', () => {
  it('reads a top-level mysql_* script with die() and header()+exit as early exits', () => {
    const m = php(`
include 'db.php';
$link = mysql_connect('localhost', 'shop', 'secret') or die('Could not connect');
if (isset($_POST['buy'])) {
    $id = intval($_POST['id']);
    $result = mysql_query("SELECT qty FROM stock WHERE item_id = $id", $link);
    $item = mysql_fetch_assoc($result);
    if ($item['qty'] <= 0) {
        header('Location: soldout.php');
        exit;
    }
    mysql_query("UPDATE stock SET qty = qty - 1 WHERE item_id = $id", $link) or die(mysql_error());
    echo 'Thanks!';
}`);
    expect(m.dialect).toBe('mysql');
    const u = unit(m, '<script>');
    expect(shape(u)).toEqual(['select', 'update']);
    const [select, update] = queries(u);
    expect(select).toMatchObject({ api: 'mysql_query', driver: 'mysql' });
    expect(update.guard.events).toEqual([select.id]);
  });

  it('reads OpenCart-style $this->db->query() with DB_PREFIX, ->row, ->num_rows, ->rows', () => {
    const m = php(`
class ModelCheckoutCart extends Model {
  public function add($product_id, $qty) {
    $query = $this->db->query("SELECT cart_id, quantity FROM " . DB_PREFIX . "cart WHERE product_id = '" . (int)$product_id . "' AND session_id = '" . $this->db->escape($this->session->getId()) . "'");
    if (!$query->num_rows) {
      $this->db->query("INSERT INTO " . DB_PREFIX . "cart SET product_id = '" . (int)$product_id . "', quantity = '" . (int)$qty . "'");
    } else {
      $this->db->query("UPDATE " . DB_PREFIX . "cart SET quantity = (quantity + " . (int)$qty . ") WHERE cart_id = '" . (int)$query->row['cart_id'] . "'");
    }
  }
  public function all() {
    $query = $this->db->query("SELECT * FROM " . DB_PREFIX . "cart");
    return $query->rows;
  }
}`);
    const add = unit(m, 'ModelCheckoutCart.add');
    expect(shape(add)).toEqual(['select', 'insert', 'update']);
    const [select, insert, update] = queries(add);
    expect(select).toMatchObject({ api: '$this->db->query', driver: 'generic' });
    expect(sqlOf(insert).startsWith("INSERT INTO {DB_PREFIX}cart SET")).toBe(true);
    expect(insert.guard.events).toEqual([select.id]);
    expect(update.guard.events).toEqual([select.id]);
    expect(update.data.events).toEqual([select.id]);
    const all = unit(m, 'ModelCheckoutCart.all');
    expect(all.returns.events).toEqual([queries(all)[0].id]);
    expect(queries(all)[0].result.returned).toBe(true);
  });

  it('treats any call with an SQL argument as a generic query: functions, static calls, self::$db', () => {
    const m = php(`
class Points {
  private static $db;
  public static function award($uid) {
    $row = self::$db->fetchRow("SELECT points FROM members WHERE id = " . (int)$uid);
    $total = sqlQuery("SELECT SUM(points) AS s FROM members");
    DB::q("UPDATE members SET points = " . ($row['points'] + 10) . " WHERE id = " . (int)$uid);
    return $total;
  }
}`);
    const u = unit(m, 'Points.award');
    expect(shape(u)).toEqual(['select', 'select', 'update']);
    const [row, total, update] = queries(u);
    expect([row.api, total.api, update.api]).toEqual(['self::$db->fetchRow', 'sqlQuery', 'DB::q']);
    expect(update.driver).toBe('generic');
    expect(update.data.events).toEqual([row.id]);
    expect(total.result.returned).toBe(true);
  });

  it('does not run SQL passed to string and logging functions', () => {
    const u = unit(
      php(`
error_log("UPDATE stock SET qty = 0");
$logger->debug("DELETE FROM carts WHERE id = 1");
$s = sprintf("SELECT * FROM %s", $t);
printf("INSERT INTO x VALUES (1)");
`),
      '<script>',
    );
    expect(u.events).toEqual([]);
  });

  it('reads a count from an exec-style generic wrapper for a write', () => {
    const u = unit(
      php(`function close($db, $id) {
  $n = $db->executeUpdate("UPDATE tickets SET state = 'closed' WHERE id = $id AND state = 'open'");
  return $n;
}`),
      'close',
    );
    expect(the(u, 'update').result).toMatchObject({ returned: true, affectedRowsChecked: true });
  });

  it('reads countAffected()/affected_rows()/sql_affectedrows() of legacy DB classes as the last write count', () => {
    const u = unit(
      php(`function close($id) {
  global $db;
  $db->query("UPDATE tickets SET state = 'closed' WHERE id = $id AND state = 'open'");
  if ($db->countAffected() == 0) { return false; }
  $db->sql_query("DELETE FROM ticket_locks WHERE ticket_id = $id AND owner = 1");
  return $db->sql_affectedrows() > 0;
}`),
      'close',
    );
    expect(the(u, 'update').result.affectedRowsChecked).toBe(true);
    expect(the(u, 'delete').result.affectedRowsChecked).toBe(true);
  });
});
