/**
 * Every rule, once. The CLI and the ESLint plugin both take ids, messages and presets from here.
 */
import type { RuleModule } from '@tocscan/core';
import { checkThenAct } from './check-then-act.js';
import { insertIfAbsent } from './insert-if-absent.js';
import { lockingReadOutsideTransaction } from './locking-read-outside-transaction.js';
import { transactionOnPool } from './transaction-on-pool.js';
import { transactionWithoutLockingRead } from './transaction-without-locking-read.js';
import { uncheckedConditionalWrite } from './unchecked-conditional-write.js';

export const rules: readonly RuleModule[] = [
  checkThenAct,
  insertIfAbsent,
  lockingReadOutsideTransaction,
  uncheckedConditionalWrite,
  transactionWithoutLockingRead,
  transactionOnPool,
];

export function ruleById(id: string): RuleModule | undefined {
  return rules.find((r) => r.id === id);
}

export { checkThenAct, insertIfAbsent, lockingReadOutsideTransaction, transactionOnPool, transactionWithoutLockingRead, uncheckedConditionalWrite };
