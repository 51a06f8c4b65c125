/**
 * Fix planning (language-neutral): what rewrites remove a finding's race, as text edits, and the
 * engine that applies and verifies them. Hosts (lang-ts/src/fix, lang-php/src/fix) supply the code
 * around the SQL.
 */
export * from './types.js';
export { applyEdits, normalizeEdits, mapOffset } from './edits.js';
export type { CompareOp, ExitPath, FixHost, Guard, GuardTerm, GuardValue, InsertOrUpdate, LiteralSite, PlaceholderStyle, WrapResult } from './host.js';
export { FIX_MESSAGES, FIX_MESSAGE_IDS, fixMessagesFor, type FixMessageId } from './messages.js';
export { planFixes, type FixContext } from './plan.js';
export { fixText, hitOf, planFor, verifiedFixes, type FileFixResult, type FixLanguage, type FixOptions } from './engine.js';
export { freshName, indentLines, indentOf, indentUnit, lineEnd, lineStart, newline, startsLine } from './text.js';
export { commonSpan, countTerm, dedent, FLIPPED, NEGATED, negateTerm, type ListedAt } from './guard-terms.js';
