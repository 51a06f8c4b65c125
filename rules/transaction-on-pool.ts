import type { RuleModule } from '@tocscan/core';

/**
 * `pool.query('BEGIN')`: a pool hands each statement to whichever connection is free, so the BEGIN
 * opens a transaction on one connection and the statements after it run on others, in autocommit.
 * The analysis already treats such a BEGIN as no transaction (so the races it was meant to close are
 * reported); this rule reports the BEGIN itself, which is the line to change.
 */
export const transactionOnPool: RuleModule = {
  id: 'transaction-on-pool',
  description: 'Disallow BEGIN / START TRANSACTION sent through a connection pool, where the statements after it run on other connections',
  type: 'problem',
  presets: { recommended: 'error', strict: 'error' },
  // PHP's drivers hold one connection per object: a pool is a Node.js idiom.
  languages: ['ts'],
  messages: {
    pooledBegin:
      '{{api}}() sends the BEGIN to whichever pooled connection is free: the statements after it may run on other connections, outside any transaction, and the connection goes back to the pool with the transaction open. {{remedy}}',
  },
  check(analysis) {
    return analysis.pooledTransactions.map((tx) => ({
      messageId: 'pooledBegin',
      data: { api: tx.event.api, remedy: remedyFor(tx.event.api, tx.file.dialect) },
      tx,
    }));
  },
};

/** How the driver in sight runs a transaction on one connection: knex's transaction(), mysql2's getConnection(), node-postgres's connect(). */
function remedyFor(api: string, dialect: string | undefined): string {
  const pool = api.slice(0, api.lastIndexOf('.')) || 'pool';
  if (api.endsWith('.raw')) return `Run the statements in \`await ${pool}.transaction(async (trx) => …)\`, on trx.`;
  const take = dialect === 'mysql' ? `const conn = await ${pool}.getConnection()` : `const client = await ${pool}.connect()`;
  return `Take one connection (\`${take}\`), run BEGIN, the statements and COMMIT on it, and release it.`;
}
