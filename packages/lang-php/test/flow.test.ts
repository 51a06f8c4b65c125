import { describe, expect, it } from 'vitest';
import { php, queries, the, txs, unit } from './support.js';

/** Guard event ids of each query of `f`, by statement kind and order. */
function guards(code: string): number[][] {
  return queries(unit(php(code), 'f')).map((q) => q.guard.events);
}

describe('guards', () => {
  it('puts both branches of an if under its condition, and not the code after it', () => {
    expect(
      guards(`function f($db, $id) {
  $row = $db->fetchRow("SELECT qty FROM t WHERE id = $id");
  if ($row) { $db->query("UPDATE t SET qty = qty + 1 WHERE id = $id"); }
  else { $db->query("INSERT INTO t (id, qty) VALUES ($id, 1)"); }
  $db->query("UPDATE u SET seen = 1");
}`),
    ).toEqual([[], [0], [0], []]);
  });

  it('guards what follows an early return, throw, exit or die that depends on the read', () => {
    for (const exit of ['return;', 'throw new Exception("x");', 'exit;', "die('x');", 'exit(1);']) {
      expect(
        guards(`function f($db, $id) {
  $row = $db->fetchRow("SELECT qty FROM t WHERE id = $id");
  if ($row['qty'] < 1) { ${exit} }
  $db->query("UPDATE t SET qty = qty - 1 WHERE id = $id");
}`),
        exit,
      ).toEqual([[], [0]]);
    }
  });

  it('guards with ternaries, &&, ||, ?? and `or die`', () => {
    expect(
      guards(`function f($db, $id) {
  $row = $db->fetchRow("SELECT qty FROM t WHERE id = $id");
  $row['qty'] > 0 && $db->query("UPDATE t SET qty = qty - 1 WHERE id = $id");
  $ok = $row ? $db->query("UPDATE t SET a = 1 WHERE id = $id") : false;
  $row['qty'] > 0 or die('sold out');
  $db->query("DELETE FROM t WHERE id = $id");
}`),
    ).toEqual([[], [0], [0], [0]]);
  });

  it('guards switch cases and match arms', () => {
    expect(
      guards(`function f($db, $id) {
  $s = $db->fetchOne("SELECT status FROM o WHERE id = $id");
  switch ($s) { case 'new': $db->query("UPDATE o SET status = 'x' WHERE id = $id"); break; }
  $r = match ($s) { 'paid' => $db->query("DELETE FROM o WHERE id = $id"), default => null };
}`),
    ).toEqual([[], [0], [0]]);
  });

  it('guards loop bodies by the loop test, and continue/break only inside the loop', () => {
    expect(
      guards(`function f($db, $ids) {
  foreach ($ids as $id) {
    $row = $db->fetchRow("SELECT qty FROM t WHERE id = $id");
    if (!$row) { continue; }
    $db->query("UPDATE t SET qty = 0 WHERE id = $id");
  }
  $db->query("UPDATE log SET n = n + 1");
  $res = $db->query("SELECT id FROM q");
  while ($r = $db->fetch($res)) { $db->query("DELETE FROM q WHERE id = " . $r['id']); }
}`),
    ).toEqual([[], [0], [], [], [3]]);
  });

  it('does not treat catch as a condition', () => {
    expect(
      guards(`function f($db, $id) {
  try { $row = $db->fetchRow("SELECT qty FROM t WHERE id = $id"); }
  catch (Exception $e) { $db->query("UPDATE t SET broken = 1"); }
  $db->query("UPDATE t SET seen = 1");
}`),
    ).toEqual([[], [], []]);
  });
});

describe('data', () => {
  it('follows values through list(), [..] destructuring, arithmetic, calls and array slots', () => {
    const u = unit(
      php(`function f($db, $id) {
  [$qty, $price] = $db->fetchRow("SELECT qty, price FROM t WHERE id = $id");
  list('n' => $n) = $db->fetchRow("SELECT COUNT(*) AS n FROM u");
  $data = [];
  $data['total'] = round($qty * $price, 2);
  $db->query("UPDATE t SET total = " . $data['total'] . " WHERE id = $id");
  $db->query("UPDATE u SET n = " . ($n + 1));
}`),
      'f',
    );
    const [a, b, c, d] = queries(u);
    expect(c.data.events).toEqual([a.id]);
    expect(d.data.events).toEqual([b.id]);
    expect(c.data.params).toEqual([1]);
  });

  it('joins branch states: a value assigned in one branch reaches the code after the if', () => {
    const u = unit(
      php(`function f($db, $id, $fast) {
  $qty = 1;
  if ($fast) { $qty = $db->fetchOne("SELECT qty FROM t WHERE id = $id"); }
  $db->query("UPDATE t SET qty = " . ($qty - 1) . " WHERE id = $id");
}`),
      'f',
    );
    const [select, update] = queries(u);
    expect(update.data.events).toEqual([select.id]);
  });

  it('forgets values overwritten on every path', () => {
    const u = unit(
      php(`function f($db, $id) {
  $v = $db->fetchOne("SELECT qty FROM t WHERE id = $id");
  $v = 5;
  $db->query("UPDATE t SET qty = $v WHERE id = $id");
}`),
      'f',
    );
    expect(the(u, 'update').data.events).toEqual([]);
  });

  it('records what the unit returns', () => {
    const u = unit(php(`function f($db, $id, $x) { $r = $db->fetchRow("SELECT * FROM t WHERE id = $id"); return [$r, $x]; }`), 'f');
    expect(u.returns).toEqual({ events: [queries(u)[0].id], params: [2] });
    expect(queries(u)[0].result.returned).toBe(true);
  });
});

describe('transactions', () => {
  it('marks commit/rollback terminal only in branches that leave and close a transaction begun before them', () => {
    const u = unit(
      php(`function f(PDO $pdo, $id) {
  if ($id < 0) {
    $pdo->beginTransaction();
    $pdo->exec("DELETE FROM t WHERE id = 0");
    $pdo->commit();
    return;
  }
  $pdo->beginTransaction();
  if ($id === 0) { $pdo->rollBack(); return; }
  if ($id === 1) { $pdo->rollBack(); }
  $pdo->commit();
}`),
      'f',
    );
    expect(txs(u).map((t) => `${t.action}${t.terminal ? '!' : ''}`)).toEqual(['begin', 'commit', 'begin', 'rollback!', 'rollback', 'commit']);
  });

  it('reads autocommit(false) as begin and START TRANSACTION / BEGIN / COMMIT text as transaction events', () => {
    const u = unit(
      php(`function f(mysqli $m, PDO $p) {
  $m->autocommit(false);
  $m->commit();
  $p->exec('START TRANSACTION');
  $p->exec('COMMIT');
  $m->query('BEGIN');
  $m->query('ROLLBACK');
}`),
      'f',
    );
    expect(txs(u).map((t) => [t.action, t.via])).toEqual([
      ['begin', 'call'],
      ['commit', 'call'],
      ['begin', 'sql'],
      ['commit', 'sql'],
      ['begin', 'sql'],
      ['rollback', 'sql'],
    ]);
  });

  it('restores variables shadowed by inline callback parameters', () => {
    const u = unit(
      php(`function f($db, $id) {
  $row = $db->fetchRow("SELECT * FROM t WHERE id = $id");
  $db->transaction(function ($row) use ($db) { $db->query("UPDATE x SET a = 1"); });
  $db->query("UPDATE t SET b = " . $row['b']);
}`),
      'f',
    );
    const [select, , update] = queries(u);
    expect(update.data.events).toEqual([select.id]);
  });
});
