import { describe, expect, it } from 'vitest';
import { calls, php, queries, shape, unit } from './support.js';

describe('helper calls', () => {
  const m = php(`
class ProductModel {
  private $db;
  public function getProduct($id) {
    $q = $this->db->query("SELECT * FROM products WHERE id = " . (int)$id);
    return $q->row;
  }
  public function decrementStock($id, $qty) {
    $this->db->query("UPDATE products SET stock = stock - " . (int)$qty . " WHERE id = " . (int)$id);
  }
  public static function find($id) { return null; }
}
class OrderController {
  public function place($id, $qty) {
    $product = $this->model->getProduct($id);
    if (!$product || $product['stock'] < $qty) {
      return false;
    }
    $this->model->decrementStock(id: $id, qty: $qty);
    self::audit($product);
    static::audit($product);
    ProductModel::find($id);
    parent::place($id, $qty);
    log_order($id);
    return true;
  }
  private static function audit($p) {}
}
function log_order($id) {}
`);

  it('emits CallEvents with receivers, class names and argument deps', () => {
    const u = unit(m, 'OrderController.place');
    expect(shape(u)).toEqual(['call:getProduct', 'call:decrementStock', 'call:audit', 'call:audit', 'call:find', 'call:place', 'call:log_order']);
    const [get, dec, self, stat, find, parent, fn] = calls(u);
    expect(get.callee).toEqual({ name: 'getProduct', receiver: '$this->model' });
    expect(get.args).toEqual([{ events: [], params: [0] }]);
    expect(get.result.inCondition).toBe(true);
    expect(dec.callee).toEqual({ name: 'decrementStock', receiver: '$this->model' });
    expect(dec.guard).toEqual({ events: [get.id], params: [1] });
    expect(dec.args).toEqual([{ events: [], params: [0] }, { events: [], params: [1] }]);
    expect(self.callee).toEqual({ name: 'audit', receiver: 'self' });
    expect(self.args[0].events).toEqual([get.id]);
    expect(stat.callee.receiver).toBe('static');
    expect(find.callee).toEqual({ name: 'find', className: 'ProductModel' });
    expect(parent.callee.receiver).toBe('parent');
    expect(fn.callee).toEqual({ name: 'log_order' });
  });

  it('places named arguments by the helper parameter names', () => {
    const u = unit(php(`function take($qty, $id) {}\nfunction f($a, $b) { take(id: $a, qty: $b); }`), 'f');
    expect(calls(u)[0].args).toEqual([{ events: [], params: [1] }, { events: [], params: [0] }]);
  });

  it('reports the returns of the helper units', () => {
    const get = unit(m, 'ProductModel.getProduct');
    expect(get.returns.events).toEqual([queries(get)[0].id]);
    expect(get.params).toEqual(['id']);
  });

  it('makes calls to helpers named in options.helperNames CallEvents, and ignores unknown functions', () => {
    const code = `function f($id) { $p = load_product($id); if ($p) { reserve_product($id); } unknown_fn($id); }`;
    expect(shape(unit(php(code), 'f'))).toEqual([]);
    const u = unit(php(code, { helperNames: new Set(['load_product', 'reserve_product']) }), 'f');
    expect(shape(u)).toEqual(['call:load_product', 'call:reserve_product']);
    const [load, reserve] = calls(u);
    expect(reserve.guard.events).toEqual([load.id]);
  });

  it('prefers a driver reading over a same-named helper when the call carries SQL', () => {
    const u = unit(
      php(`class Db { public function query($sql) { return mysqli_query($this->link, $sql); } }
function f(Db $db) { $db->query("UPDATE t SET a = 1"); $db->query($other); }`),
      'f',
    );
    expect(shape(u)).toEqual(['update', 'call:query']);
  });

  it('keeps transaction-named methods of this class as helper calls', () => {
    const u = unit(
      php(`class Unit { public function commit() {} public function go($pdo) { $this->commit(); $pdo->commit(); } }`),
      'Unit.go',
    );
    expect(shape(u)).toEqual(['call:commit', 'tx:commit']);
  });
});
