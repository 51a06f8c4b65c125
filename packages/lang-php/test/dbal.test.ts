import { describe, expect, it } from 'vitest';
import { php, queries, shape, the, txs, unit } from './support.js';

describe('Doctrine DBAL', () => {
  const m = php(`
namespace App\\Repository;

use Doctrine\\DBAL\\Connection;
use Doctrine\\DBAL\\TransactionIsolationLevel;

final class WalletRepository
{
    public function __construct(private readonly Connection $connection) {}

    public function debit(int $walletId, int $amount): void
    {
        $this->connection->transactional(function (Connection $conn) use ($walletId, $amount): void {
            $balance = (int) $conn->fetchOne('SELECT balance FROM wallets WHERE id = ?', [$walletId]);
            if ($balance < $amount) {
                throw new \\DomainException('insufficient funds');
            }
            $conn->executeStatement('UPDATE wallets SET balance = ? WHERE id = ?', [$balance - $amount, $walletId]);
        });
    }

    public function rename(int $id, string $name): int
    {
        $this->connection->setTransactionIsolation(TransactionIsolationLevel::SERIALIZABLE);
        $this->connection->beginTransaction();
        try {
            $row = $this->connection->fetchAssociative('SELECT name FROM wallets WHERE id = ?', [$id]);
            if ($row === false) {
                $this->connection->rollBack();
                return 0;
            }
            $n = $this->connection->update('wallets', ['name' => $name], ['id' => $id]);
            $this->connection->commit();
            return $n;
        } catch (\\Throwable $e) {
            $this->connection->rollBack();
            throw $e;
        }
    }

    public function legacy(int $id): void
    {
        $qty = $this->connection->fetchColumn('SELECT qty FROM stock WHERE id = ?', [$id]);
        if ($qty > 0) {
            $this->connection->executeUpdate('UPDATE stock SET qty = qty - 1 WHERE id = ?', [$id]);
        }
        $result = $this->connection->executeQuery('SELECT id FROM stock');
        while ($r = $result->fetchAssociative()) {
            $this->connection->delete('stock', ['id' => $r['id']]);
        }
    }
}`);

  it('inlines transactional() and follows fetchOne() into the update', () => {
    const u = unit(m, 'WalletRepository.debit');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'update', 'tx:commit']);
    expect(txs(u)[0]).toMatchObject({ via: 'callback', api: '$this->connection->transactional' });
    const [select, update] = queries(u);
    expect(select).toMatchObject({ api: '$conn->fetchOne', driver: 'dbal' });
    expect(update.guard.events).toEqual([select.id]);
    expect(update.data.events).toEqual([select.id]);
  });

  it('carries setTransactionIsolation to the next begin and synthesises update()', () => {
    const u = unit(m, 'WalletRepository.rename');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'tx:rollback', 'update', 'tx:commit', 'tx:rollback']);
    expect(txs(u)[0]).toMatchObject({ action: 'begin', isolation: 'serializable' });
    const update = the(u, 'update');
    expect(update).toMatchObject({ api: '$this->connection->update', driver: 'dbal' });
    expect(update.sql.conditional).toBe(false);
    expect(update.result.affectedRowsChecked).toBe(true);
    expect(txs(u).map((t) => t.terminal ?? false)).toEqual([false, true, false, true]);
  });

  it('reads fetchColumn/executeUpdate (DBAL 2) and executeQuery() results', () => {
    const u = unit(m, 'WalletRepository.legacy');
    expect(shape(u)).toEqual(['select', 'update', 'select', 'delete']);
    const [s1, upd, s2, del] = queries(u);
    expect(upd.guard.events).toEqual([s1.id]);
    expect(del.guard.events).toContain(s2.id);
    expect(del.data.events).toEqual([s2.id]);
  });
});
