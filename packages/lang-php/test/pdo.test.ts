import { describe, expect, it } from 'vitest';
import { php, queries, shape, the, txs, unit } from './support.js';

describe('PDO', () => {
  const m = php(`
$pdo = new PDO('mysql:host=localhost;dbname=shop', $user, $pass);
class OrderService {
  public function __construct(private PDO $pdo) {}
  public function pay(int $orderId): bool {
    $stmt = $this->pdo->prepare('SELECT status, total FROM orders WHERE id = :id');
    $stmt->bindValue(':id', $orderId, PDO::PARAM_INT);
    $stmt->execute();
    $order = $stmt->fetch(PDO::FETCH_ASSOC);
    if ($order['status'] !== 'pending') {
      return false;
    }
    $upd = $this->pdo->prepare("UPDATE orders SET status = 'paid' WHERE id = ? AND status = 'pending'");
    $upd->execute([$orderId]);
    return $upd->rowCount() === 1;
  }
  public function cancel(int $id): void {
    $this->pdo->beginTransaction();
    $status = $this->pdo->query('SELECT status FROM orders WHERE id = ' . (int) $id . ' FOR UPDATE')->fetchColumn();
    if ($status === 'paid') {
      $this->pdo->rollBack();
      throw new LogicException('paid');
    }
    $n = $this->pdo->exec('DELETE FROM orders WHERE id = ' . (int) $id);
    if ($this->pdo->inTransaction()) {
      $this->pdo->commit();
    }
  }
}`);

  it('takes the dialect from the DSN', () => {
    expect(m.dialect).toBe('mysql');
  });

  it('emits prepared statements at execute(), with the SQL found through the statement variable', () => {
    const u = unit(m, 'OrderService.pay');
    expect(shape(u)).toEqual(['select', 'update']);
    const [select, update] = queries(u);
    expect(select).toMatchObject({ api: '$this->pdo->prepare', driver: 'pdo' });
    expect(select.data.params).toEqual([0]);
    expect(update.guard.events).toEqual([select.id]);
    expect(update.sql.conditional).toBe(true);
  });

  it('sees rowCount() of the write checked', () => {
    const [select, update] = queries(unit(m, 'OrderService.pay'));
    expect(select.result.inCondition).toBe(true);
    expect(update.result).toMatchObject({ returned: true, affectedRowsChecked: true });
  });

  it('handles query()->fetchColumn(), exec() and the transaction methods', () => {
    const u = unit(m, 'OrderService.cancel');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'tx:rollback', 'delete', 'tx:commit']);
    const [select, del] = queries(u);
    expect(select.api).toBe('$this->pdo->query');
    expect(del.api).toBe('$this->pdo->exec');
    expect(del.guard.events).toEqual([select.id]);
    expect(txs(u)[1]).toMatchObject({ action: 'rollback', terminal: true });
    expect(txs(u)[2].terminal).toBeUndefined();
  });

  it('counts exec() results as affected rows', () => {
    const u = unit(
      php(`function f(PDO $db, $id) {
  $n = $db->exec("UPDATE coupons SET used = 1 WHERE id = $id AND used = 0");
  if ($n === 0) throw new RuntimeException('taken');
}`),
      'f',
    );
    expect(the(u, 'update').result.affectedRowsChecked).toBe(true);
  });

  it('reads bound execute() arrays into the data of the statement', () => {
    const u = unit(
      php(`function move(PDO $db, $from, $amount) {
  $s = $db->prepare('SELECT balance FROM accounts WHERE id = ?');
  $s->execute([$from]);
  $balance = (float) $s->fetchColumn();
  $db->prepare('UPDATE accounts SET balance = ? WHERE id = ?')->execute([$balance - $amount, $from]);
}`),
      'move',
    );
    const [select, update] = queries(u);
    expect(update.data).toEqual({ events: [select.id], params: [1, 2] });
    expect(update.guard.events).toEqual([]);
  });

  it('reads a fetchAll() loop as data for the writes inside it, not as a guard', () => {
    const u = unit(
      php(`function expire(PDO $db) {
  $rows = $db->query("SELECT id FROM reservations WHERE expires_at < NOW()")->fetchAll();
  foreach ($rows as $r) {
    $db->prepare('DELETE FROM reservations WHERE id = ?')->execute([$r['id']]);
  }
}`),
      'expire',
    );
    const [select, del] = queries(u);
    expect(del.guard.events).toEqual([]);
    expect(del.data.events).toEqual([select.id]);
  });

  it('returns an executed statement from a helper as its result', () => {
    const u = unit(php(`function find(PDO $db, $id) { $s = $db->prepare('SELECT * FROM t WHERE id = ?'); $s->execute([$id]); return $s; }`), 'find');
    const [select] = queries(u);
    expect(u.returns.events).toEqual([select.id]);
    expect(select.result.returned).toBe(true);
  });
});
