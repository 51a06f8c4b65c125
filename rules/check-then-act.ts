import type { RuleHit, RuleModule } from '@tocscan/core';
import { pairMessageData } from '@tocscan/core';

/** A read decides (or computes) an UPDATE/DELETE of the same table, and nothing makes the two atomic. */
export const checkThenAct: RuleModule = {
  id: 'check-then-act',
  description: 'Disallow an UPDATE or DELETE that depends on an earlier SELECT of the same table without a lock, a conditional write or a transaction',
  type: 'problem',
  presets: { recommended: 'error', strict: 'error' },
  fixes: ['lock', 'conditional', 'upsert'],
  messages: {
    race:
      '{{table}}: read at line {{readLine}}{{readVia}} and written at line {{writeLine}}{{writeVia}}; another request can change the row in between. Lock it with SELECT … FOR UPDATE inside the transaction, or make the {{writeKind}} conditional and check the rows it changed.',
    raceSqlite:
      '{{table}}: read at line {{readLine}}{{readVia}} and written at line {{writeLine}}{{writeVia}}; another request can change the row in between. SQLite has no FOR UPDATE: make the {{writeKind}} conditional (… AND qty >= ?) and check `changes`, or run both in BEGIN IMMEDIATE.',
    lostUpdate:
      '{{table}}: the value read at line {{readLine}}{{readVia}} is written back, computed in code, at line {{writeLine}}{{writeVia}}; an update another request makes in between is lost. Update relative to the stored value (SET col = col - ?), or lock the row with SELECT … FOR UPDATE inside the transaction.',
  },
  check(analysis) {
    const hits: RuleHit[] = [];
    for (const pair of analysis.pairs) {
      if (pair.shape === 'insert-if-absent' || pair.protections.length > 0) continue;
      const messageId = pair.shape === 'lost-update' ? 'lostUpdate' : pair.dialect === 'sqlite' ? 'raceSqlite' : 'race';
      hits.push({ messageId, data: pairMessageData(pair), pair });
    }
    return hits;
  },
};
