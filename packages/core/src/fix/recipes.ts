/**
 * When no rewrite is safe: what to do by hand, and why tocscan did not do it.
 */
import { docsUrl } from '../rule.js';
import type { Dialect } from '../model.js';
import type { FixKind } from './types.js';

const ADVICE: Readonly<Record<FixKind, string>> = {
  lock: 'run the SELECT with FOR UPDATE inside a transaction that also holds the write, on one connection',
  conditional: "put the check into the write's WHERE (… AND qty >= ?) and act on its affected-row count",
  upsert: 'add a unique constraint on the checked columns and insert with an upsert (ON CONFLICT … / ON DUPLICATE KEY UPDATE / INSERT IGNORE)',
  transaction: 'begin a transaction before the locking read and commit after the last write that depends on it',
};

const SQLITE_ADVICE = 'run the read and the write in BEGIN IMMEDIATE … COMMIT (better-sqlite3: db.transaction(fn).immediate())';

/** "No automatic fix (<reasons>). By hand: <advice>. See <docs>#how-to-fix." */
export function recipe(ruleId: string, kinds: readonly FixKind[], reasons: readonly string[], dialect?: Dialect): string {
  const why = [...new Set(reasons)].join('; ');
  const advice = [...kinds.map((k) => ADVICE[k]), ...(dialect === 'sqlite' && !kinds.includes('upsert') ? [SQLITE_ADVICE] : [])].join(', or ');
  return `No automatic fix${why ? ` (${why})` : ''}.${advice ? ` By hand: ${advice}.` : ''} See ${docsUrl(ruleId)}#how-to-fix`;
}
