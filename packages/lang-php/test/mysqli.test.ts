import { describe, expect, it } from 'vitest';
import { php, queries, shape, the, txs, unit } from './support.js';

describe('mysqli, object style', () => {
  const m = php(`
function reserve(mysqli $mysqli, int $id) {
  $mysqli->begin_transaction();
  $stmt = $mysqli->prepare('SELECT stock FROM products WHERE id = ? FOR UPDATE');
  $stmt->bind_param('i', $id);
  $stmt->execute();
  $row = $stmt->get_result()->fetch_assoc();
  if (!$row || $row['stock'] < 1) {
    $mysqli->rollback();
    return false;
  }
  $upd = $mysqli->prepare('UPDATE products SET stock = ? WHERE id = ?');
  $left = $row['stock'] - 1;
  $upd->bind_param('ii', $left, $id);
  $upd->execute();
  $changed = $upd->affected_rows;
  $mysqli->commit();
  return $changed === 1;
}`);
  const u = unit(m, 'reserve');

  it('emits the statements at execute(), in a transaction', () => {
    expect(shape(u)).toEqual(['tx:begin', 'select', 'tx:rollback', 'update', 'tx:commit']);
    expect(m.dialect).toBe('mysql');
    const select = the(u, 'select');
    expect(select).toMatchObject({ api: '$mysqli->prepare', driver: 'mysqli' });
    expect(select.sql.locking).toBe('for-update');
    expect(select.data.params).toEqual([1]);
  });

  it('tracks the row through get_result()->fetch_assoc() into the guard and the data of the update', () => {
    const select = the(u, 'select');
    const update = the(u, 'update');
    expect(update.guard.events).toEqual([select.id]);
    expect(update.data.events).toEqual([select.id]);
    expect(select.result.inCondition).toBe(true);
  });

  it('marks the early-exit rollback terminal and sees affected_rows returned', () => {
    const [begin, rollback, commit] = txs(u);
    expect(begin).toMatchObject({ action: 'begin', via: 'call', api: '$mysqli->begin_transaction' });
    expect(rollback).toMatchObject({ action: 'rollback', terminal: true });
    expect(commit.terminal).toBeUndefined();
    expect(the(u, 'update').result).toMatchObject({ returned: true, affectedRowsChecked: true });
  });
});

describe('mysqli, procedural', () => {
  it('reads mysqli_query results through mysqli_fetch_assoc and mysqli_num_rows', () => {
    const u = unit(
      php(`
$res = mysqli_query($conn, "SELECT id FROM newsletter WHERE email = '" . mysqli_real_escape_string($conn, $email) . "'");
if (mysqli_num_rows($res) > 0) { die('already subscribed'); }
mysqli_query($conn, "INSERT INTO newsletter (email) VALUES ('$email')") or die(mysqli_error($conn));
`),
      '<script>',
    );
    const select = the(u, 'select');
    const insert = the(u, 'insert');
    expect(select).toMatchObject({ api: 'mysqli_query', driver: 'mysqli' });
    expect(insert.guard.events).toEqual([select.id]);
  });

  it('does not treat a success check on the result handle as a data condition', () => {
    const u = unit(
      php(`
$res = mysqli_query($conn, "SELECT * FROM users WHERE id = $id") or die(mysqli_error($conn));
if (!$res) { exit; }
mysqli_query($conn, "UPDATE users SET last_seen = NOW() WHERE id = $id");
`),
      '<script>',
    );
    expect(the(u, 'update').guard.events).toEqual([]);
    expect(the(u, 'select').result.inCondition).toBe(false);
  });

  it('recognises mysqli_prepare + mysqli_stmt_* and the procedural transaction functions', () => {
    const u = unit(
      php(`
mysqli_autocommit($conn, false);
$st = mysqli_prepare($conn, 'SELECT balance FROM wallets WHERE user_id = ?');
mysqli_stmt_bind_param($st, 'i', $uid);
mysqli_stmt_execute($st);
mysqli_stmt_bind_result($st, $balance);
mysqli_stmt_fetch($st);
$w = mysqli_prepare($conn, 'UPDATE wallets SET balance = ? WHERE user_id = ?');
$nb = $balance - $price;
mysqli_stmt_bind_param($w, 'di', $nb, $uid);
mysqli_stmt_execute($w);
if (mysqli_affected_rows($conn) !== 1) { mysqli_rollback($conn); exit; }
mysqli_commit($conn);
mysqli_begin_transaction($conn);
mysqli_autocommit($conn, true);
`),
      '<script>',
    );
    expect(shape(u)).toEqual(['tx:begin', 'select', 'update', 'tx:rollback', 'tx:commit', 'tx:begin', 'tx:commit']);
    const select = the(u, 'select');
    const update = the(u, 'update');
    expect(update.data.events).toEqual([select.id]);
    expect(update.result.affectedRowsChecked).toBe(true);
    expect(txs(u)[1]).toMatchObject({ action: 'rollback', terminal: true });
  });

  it('reads num_rows and affected_rows properties', () => {
    const u = unit(
      php(`
function claim(mysqli $db, $code) {
  $r = $db->query("SELECT id FROM vouchers WHERE code = '$code' AND used = 0");
  if ($r->num_rows === 0) return false;
  $db->query("UPDATE vouchers SET used = 1 WHERE code = '$code' AND used = 0");
  return $db->affected_rows > 0;
}`),
      'claim',
    );
    const [select, update] = queries(u);
    expect(update.guard.events).toEqual([select.id]);
    expect(update.result.affectedRowsChecked).toBe(true);
  });
});
