import type { RuleModule } from '@tocscan/core';

/** SELECT … FOR UPDATE under autocommit: the lock ends with the statement and protects nothing. */
export const lockingReadOutsideTransaction: RuleModule = {
  id: 'locking-read-outside-transaction',
  description: 'Disallow SELECT … FOR UPDATE / FOR SHARE outside a transaction, where the lock is released at once',
  type: 'problem',
  presets: { recommended: 'error', strict: 'error' },
  fixes: ['transaction'],
  messages: {
    outsideTransaction:
      '{{table}}: the locking read at line {{line}} runs outside a transaction (autocommit), so its lock is released when the statement ends and protects nothing. Begin a transaction before it and commit after the write.',
  },
  check(analysis) {
    return analysis.lockingReads.map((site) => ({
      messageId: 'outsideTransaction',
      data: { table: site.step.query.sql.tables[0] ?? 'table', line: String(site.step.site.line) },
      site,
    }));
  },
};
