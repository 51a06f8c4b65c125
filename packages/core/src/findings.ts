/**
 * Findings: what a rule reports, in the shape every reporter (stylish, JSON, SARIF, ESLint) reads.
 */
import type { Loc } from './model.js';

export type Severity = 'error' | 'warning';

/** One statement taking part in a finding. */
export interface StatementRef {
  file: string;
  /** The call site in the unit where the decision is made (for a helper: the helper call). */
  loc: Loc;
  /** The SQL statement normalised (placeholders kept), for messages and the timeline. */
  sql: string;
  /** Driver API, e.g. `pool.query`, `$pdo->prepare`. */
  api: string;
  /** When the statement runs inside a helper, where its SQL actually stands and the helper's name. */
  via?: { file: string; loc: Loc; unit: string };
}

/** One row of the two-request timeline: what request A and request B do at that moment. */
export interface TimelineRow {
  a?: string;
  b?: string;
  /** Set on the row where the damage happens. */
  note?: string;
}

export interface RelatedLocation {
  file: string;
  loc: Loc;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  /** Values for the rule's message template. */
  data: Record<string, string>;
  /** The message with `data` filled in. */
  message: string;
  file: string;
  /** Primary location: the act (the write). */
  loc: Loc;
  table?: string;
  /** The check (the read), when the finding has one. */
  read?: StatementRef;
  /** The act (the write). */
  write?: StatementRef;
  related: RelatedLocation[];
  timeline: TimelineRow[];
  /** Enclosing function/method/script of the primary location. */
  unit: string;
  /**
   * Stable across moved lines and reformatting: a hash of rule id, file, unit and the normalised statements.
   */
  fingerprint: string;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.loc.line !== b.loc.line) return a.loc.line - b.loc.line;
  if (a.loc.column !== b.loc.column) return a.loc.column - b.loc.column;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
