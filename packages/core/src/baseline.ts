/**
 * Baselines, as PHPStan users know them (written and read by the CLI, applied by the CLI and the
 * language server): an entry names a finding by what does not move when code moves — the rule, the
 * file (relative to the baseline file, `/`-separated), the enclosing function, the table and the read
 * and write statements; never a line. Statements compare with spacing ignored (`qty=?` is `qty = ?`),
 * so reformatting keeps entries valid; `count` allows the same race several times in one function.
 *
 *   { "tocscanBaseline": 1, "entries": [ { "rule", "file", "unit", "table"?, "read"?, "write"?, "count" } ] }
 */
import { fingerprintSql, stableUnitName } from './analysis/report.js';
import type { Finding } from './findings.js';

export const BASELINE_FORMAT = 1;

export interface BaselineEntry {
  rule: string;
  file: string;
  unit: string;
  table?: string;
  read?: string;
  write?: string;
  count: number;
}

export interface BaselineFile {
  tocscanBaseline: typeof BASELINE_FORMAT;
  entries: BaselineEntry[];
}

/** The entry `finding` makes, `file` being its path relative to the baseline's directory (`/`-separated). */
export function baselineEntryOf(finding: Finding, file: string): Omit<BaselineEntry, 'count'> {
  return {
    rule: finding.ruleId,
    file,
    unit: stableUnitName(finding.unit),
    ...(finding.table !== undefined ? { table: finding.table } : {}),
    ...(finding.read ? { read: finding.read.sql } : {}),
    ...(finding.write ? { write: finding.write.sql } : {}),
  };
}

/** What an entry is matched by (its count aside). */
export function baselineKey(entry: Omit<BaselineEntry, 'count'>): string {
  return [entry.rule, entry.file, stableUnitName(entry.unit), entry.table ?? '', fingerprintSql(entry.read ?? ''), fingerprintSql(entry.write ?? '')].join('\u0000');
}

export interface BaselineMatch {
  /** The findings no entry hides, in their order. */
  kept: Finding[];
  /** How many findings the entries hid. */
  matched: number;
  /** Per key, how many of its entries' `count` no finding used (fixed since the baseline was made). */
  remaining: Map<string, number>;
}

/**
 * Hides the findings the entries list, each entry up to its `count`. `fileOf` gives a finding's path
 * relative to the baseline's directory; `baselined` says which findings may be hidden at all (rule
 * findings, not the suppression comments' own).
 */
export function hideBaselined(findings: readonly Finding[], entries: readonly BaselineEntry[], fileOf: (f: Finding) => string, baselined: (f: Finding) => boolean = () => true): BaselineMatch {
  const remaining = new Map<string, number>();
  for (const e of entries) remaining.set(baselineKey(e), (remaining.get(baselineKey(e)) ?? 0) + e.count);
  const kept: Finding[] = [];
  let matched = 0;
  for (const f of findings) {
    const key = baselined(f) ? baselineKey(baselineEntryOf(f, fileOf(f))) : undefined;
    const left = key === undefined ? 0 : (remaining.get(key) ?? 0);
    if (left > 0) {
      remaining.set(key!, left - 1);
      matched++;
    } else {
      kept.push(f);
    }
  }
  return { kept, matched, remaining };
}

/**
 * The entries of a parsed baseline file that are well formed, and what is wrong with the others (for
 * readers that go on with what they can use; the CLI validates the whole file against its schema).
 */
export function baselineEntriesOf(value: unknown): { entries: BaselineEntry[]; problems: string[] } {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value) || value.tocscanBaseline !== BASELINE_FORMAT || !Array.isArray(value.entries)) {
    return { entries: [], problems: [`not a tocscan baseline (format ${BASELINE_FORMAT}); regenerate it with tocscan --generate-baseline`] };
  }
  const entries: BaselineEntry[] = [];
  const problems: string[] = [];
  const text = (v: unknown, optional: boolean) => (optional && v === undefined) || typeof v === 'string';
  value.entries.forEach((e, i) => {
    const ok =
      isObject(e) &&
      text(e.rule, false) &&
      text(e.file, false) &&
      text(e.unit, false) &&
      text(e.table, true) &&
      text(e.read, true) &&
      text(e.write, true) &&
      Number.isInteger(e.count) &&
      (e.count as number) >= 1;
    if (ok) entries.push(e as unknown as BaselineEntry);
    else problems.push(`entry ${i} is not valid; left out`);
  });
  return { entries, problems };
}
