/**
 * Fixes: text edits that remove a race, as ESLint suggestions and `tocscan --fix` apply them.
 *
 *   Finding + Pair ──► plan (fix/plan.ts) ──► SQL edits (fix/sql-edits.ts) + host edits (a FixHost per language)
 *                                        └──► recipe when no rewrite is safe
 */

/** The kind of rewrite; `--fix-type` chooses among them. */
export type FixKind = 'lock' | 'conditional' | 'upsert' | 'transaction';

export const FIX_KINDS: readonly FixKind[] = ['lock', 'conditional', 'upsert', 'transaction'];

/** Replace source `[offset, endOffset)` with `text` (an insertion when both offsets are equal). UTF-16 offsets. */
export interface FixEdit {
  offset: number;
  endOffset: number;
  text: string;
}

export interface Fix {
  id: FixKind;
  /** The suggestion's message id (fix/messages.ts); every rule offering this kind declares it for ESLint. */
  messageId: string;
  /** Values for the message template. */
  data: Record<string, string>;
  /** The message with `data` filled in. */
  description: string;
  /** Non-overlapping edits, sorted by offset. */
  edits: FixEdit[];
}

/** What can be done about one finding: rewrites (preferred first), or a recipe when none is safe. */
export interface FixPlan {
  fixes: Fix[];
  /** How to fix it by hand, and why no rewrite was offered; set when `fixes` is empty. */
  recipe?: string;
}

/** A host could not make its part of a rewrite: why (ends up in the recipe). */
export interface Refusal {
  refused: string;
}

export function isRefusal<T extends object>(x: T | Refusal): x is Refusal {
  return 'refused' in x;
}
