/**
 * What a rule is. Each rule lives once in rules/<id>.ts; the CLI and the ESLint plugin both read
 * ids, messages, presets and docs from there and run `check` over the analysis.
 */
import type { Severity } from './findings.js';
import type { LockingReadSite, Pair, PooledTransactionSite } from './analysis/types.js';
import type { FixKind } from './fix/types.js';
import type { Lang } from './model.js';

export type PresetName = 'recommended' | 'strict';
export type RuleSetting = Severity | 'off';

export interface RuleHit {
  messageId: string;
  data: Record<string, string>;
  /** The pair the rule reports (reported at the write). */
  pair?: Pair;
  /** A single statement the rule reports (e.g. a locking read outside a transaction). */
  site?: LockingReadSite;
  /** A transaction statement the rule reports (a BEGIN sent through a pool). */
  tx?: PooledTransactionSite;
}

export interface RuleModule {
  id: string;
  description: string;
  /** ESLint meta.type. */
  type: 'problem' | 'suggestion';
  /** Severity in each preset; absent = not in that preset. */
  presets: Partial<Record<PresetName, Severity>>;
  /** ESLint-style message templates with `{{placeholders}}`. */
  messages: Record<string, string>;
  /** The languages whose code can give the rule's findings (default: every one). */
  languages?: readonly Lang[];
  /** Everything the rule reports, from one file's analysis. */
  check(analysis: FileAnalysis): RuleHit[];
  /**
   * The kinds of fix the rule offers for its findings, most preferred first (fix/plan.ts decides per
   * finding which apply; SQLite prefers a conditional write). ESLint gets them as suggestions.
   */
  fixes?: readonly FixKind[];
}

export interface FileAnalysis {
  file: string;
  pairs: Pair[];
  lockingReads: LockingReadSite[];
  /** BEGINs sent through a connection pool, in source order. */
  pooledTransactions: PooledTransactionSite[];
}

export const DOCS_BASE = 'https://github.com/tocscan/tocscan/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

export function fillMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? data[key] : whole));
}

/** Rule severities for a preset, with per-rule overrides. */
export function presetSeverities(
  rules: readonly RuleModule[],
  preset: PresetName,
  overrides: Record<string, RuleSetting> = {},
): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const r of rules) {
    const setting = overrides[r.id] ?? r.presets[preset] ?? 'off';
    if (setting !== 'off') out.set(r.id, setting);
  }
  return out;
}
