import type { RuleHit, RuleModule } from '@tocscan/core';
import { pairMessageData } from '@tocscan/core';

const UPSERT_HINT = {
  postgresql: 'INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE',
  sqlite: 'INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE',
  mysql: 'INSERT … ON DUPLICATE KEY UPDATE or INSERT IGNORE',
} as const;

/** A SELECT finds no row (or counts rows), then an INSERT into the same table follows, with nothing atomic. */
export const insertIfAbsent: RuleModule = {
  id: 'insert-if-absent',
  description: 'Disallow inserting a row after a SELECT checked it was absent, without an upsert or a lock',
  type: 'problem',
  presets: { recommended: 'error', strict: 'error' },
  fixes: ['upsert'],
  messages: {
    duplicate:
      '{{table}}: checked at line {{readLine}}{{readVia}} and inserted at line {{writeLine}}{{writeVia}}; two requests can both find no row and both insert. Put a unique constraint on the checked columns and use {{upsert}} instead of checking first.',
  },
  check(analysis) {
    const hits: RuleHit[] = [];
    for (const pair of analysis.pairs) {
      if (pair.shape !== 'insert-if-absent' || pair.protections.length > 0) continue;
      const upsert = pair.dialect ? UPSERT_HINT[pair.dialect] : 'an upsert (ON CONFLICT / ON DUPLICATE KEY UPDATE)';
      hits.push({ messageId: 'duplicate', data: { ...pairMessageData(pair), upsert }, pair });
    }
    return hits;
  },
};
