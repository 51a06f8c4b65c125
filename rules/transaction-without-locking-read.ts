import type { Dialect, RuleHit, RuleModule } from '@tocscan/core';
import { pairMessageData } from '@tocscan/core';

const DEFAULT_ISOLATION: Record<Dialect, string> = {
  postgresql: "READ COMMITTED (PostgreSQL's default)",
  mysql: "REPEATABLE READ (MySQL's default)",
  sqlite: "a deferred transaction (SQLite's default)",
};

/** Read and write share a plain transaction at the default isolation, which still loses updates. */
export const transactionWithoutLockingRead: RuleModule = {
  id: 'transaction-without-locking-read',
  description: 'Disallow relying on a plain transaction at the default isolation level to make a read and a write atomic',
  type: 'problem',
  presets: { strict: 'error' },
  fixes: ['lock', 'conditional', 'upsert'],
  messages: {
    plainTransaction:
      '{{table}}: read at line {{readLine}}{{readVia}} and written at line {{writeLine}}{{writeVia}} in one transaction at {{isolation}}, which does not stop another transaction from changing the row in between. Read it with SELECT … FOR UPDATE, make the {{writeKind}} conditional, or use SERIALIZABLE.',
    plainTransactionInsert:
      '{{table}}: checked at line {{readLine}}{{readVia}} and inserted at line {{writeLine}}{{writeVia}} in one transaction at {{isolation}}, which does not stop another transaction from inserting the same row in between. Put a unique constraint on the checked columns and use an upsert, or use SERIALIZABLE.',
  },
  check(analysis) {
    const hits: RuleHit[] = [];
    for (const pair of analysis.pairs) {
      if (pair.protections.length !== 1 || pair.protections[0] !== 'plain-transaction') continue;
      const named = pair.tx?.isolation?.replace('-', ' ').toUpperCase();
      const isolation = named ?? (pair.dialect ? DEFAULT_ISOLATION[pair.dialect] : 'the default isolation level');
      const messageId = pair.shape === 'insert-if-absent' ? 'plainTransactionInsert' : 'plainTransaction';
      hits.push({ messageId, data: { ...pairMessageData(pair), isolation }, pair });
    }
    return hits;
  },
};
