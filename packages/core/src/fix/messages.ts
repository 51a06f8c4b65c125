/**
 * Suggestion messages, one id per way of fixing: ESLint shows them as the suggestions' descriptions
 * (each rule declares the ids of the fix kinds it offers in its meta.messages), the CLI prints them.
 */
import { fillMessage } from '../rule.js';
import type { Fix, FixEdit, FixKind } from './types.js';

export const FIX_MESSAGES = {
  fixLock:
    'Lock the {{table}} row: add FOR UPDATE to the SELECT at line {{readLine}}; the transaction that holds the {{writeKind}} keeps the lock until it commits.',
  fixLockInTransaction:
    'Lock the {{table}} row: add FOR UPDATE to the SELECT at line {{readLine}} and run lines {{fromLine}}–{{toLine}} in one transaction ({{idiom}}).',
  fixConditional:
    'Make the {{writeKind}} conditional (… AND {{predicate}}) and, when it changes no row ({{count}}), leave as the check at line {{guardLine}} does.',
  fixCheckRows:
    'Check the rows the {{writeKind}} changed ({{count}}): when none, leave as the check at line {{guardLine}} does.',
  fixUpsert:
    'Insert with {{form}} instead of checking first{{onDuplicate}}. It relies on a unique constraint on {{table}} ({{columns}}); add it if it is missing: {{ddl}}',
  fixMergeUpsert:
    'Replace the insert-or-update with one INSERT … {{form}} (the SELECT before it is then no longer needed). It relies on a unique constraint on {{table}} ({{columns}}); add it if it is missing: {{ddl}}',
  fixTransaction:
    'Run lines {{fromLine}}–{{toLine}} in one transaction ({{idiom}}) so the lock taken at line {{readLine}} is held until the write.',
} as const;

export type FixMessageId = keyof typeof FIX_MESSAGES;

/** The message ids a fix kind may use. */
export const FIX_MESSAGE_IDS: Readonly<Record<FixKind, readonly FixMessageId[]>> = {
  lock: ['fixLock', 'fixLockInTransaction'],
  conditional: ['fixConditional', 'fixCheckRows'],
  upsert: ['fixUpsert', 'fixMergeUpsert'],
  transaction: ['fixTransaction'],
};

/** Message templates for the fix kinds a rule offers (merged into the rule's ESLint meta.messages). */
export function fixMessagesFor(kinds: readonly FixKind[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of kinds) for (const id of FIX_MESSAGE_IDS[kind]) out[id] = FIX_MESSAGES[id];
  return out;
}

export function makeFix(id: FixKind, messageId: FixMessageId, data: Record<string, string>, edits: FixEdit[]): Fix {
  return { id, messageId, data, description: fillMessage(FIX_MESSAGES[messageId], data), edits };
}
