/**
 * What a run produced, in the shape every reporter reads, and the counts the exit code comes from.
 *
 * Per-file problems are problems like findings: they are counted, shown by every format, and those of
 * error severity make the exit code 1 (as ESLint does with a parse error).
 *   error:   unreadable, parse (nothing could be read), internal (a frontend crashed on the file)
 *   warning: syntax (partly parsed; findings may be missing), binary, too-large, unsupported, timeout, symlink-loop
 */
import type { Finding, PresetName, Severity } from '@tocscan/core';

export type FileErrorKind = 'unreadable' | 'binary' | 'too-large' | 'unsupported' | 'parse' | 'syntax' | 'internal' | 'timeout' | 'symlink-loop';

export interface FileError {
  /** Relative to the scan root, `/`-separated. */
  file: string;
  kind: FileErrorKind;
  severity: Severity;
  message: string;
  /** 1-based, when the problem has a position. */
  line?: number;
  /** 0-based (as in a finding's `loc`), when the problem has a position. */
  column?: number;
}

export const FILE_ERROR_SEVERITY: Readonly<Record<FileErrorKind, Severity>> = {
  unreadable: 'error',
  parse: 'error',
  internal: 'error',
  syntax: 'warning',
  binary: 'warning',
  'too-large': 'warning',
  unsupported: 'warning',
  /** Took longer than the per-file budget (`--timeout`). */
  timeout: 'warning',
  /** A directory link back to an ancestor (reported on the link; what it leads to is scanned once). */
  'symlink-loop': 'warning',
};

/** A rule enabled for the run. */
export interface RuleInfo {
  id: string;
  description: string;
  severity: Severity;
}

export interface Report {
  /** tocscan's version. */
  version: string;
  /** Absolute directory every path in the report is relative to (the working directory). */
  root: string;
  preset: PresetName;
  /** Every supported file the run tried to scan, sorted. */
  files: string[];
  /** Sorted with `compareFindings`. */
  findings: Finding[];
  /** Sorted by file, then position. */
  errors: FileError[];
  rules: RuleInfo[];
  /** Source text of the files that have findings (for code frames). */
  sources: ReadonlyMap<string, string>;
  /** What suppression comments and the baseline took out of `findings` (set once they are applied). */
  hidden?: Hidden;
}

export interface Hidden {
  /** Findings silenced by a `tocscan-ignore` comment. */
  suppressed: number;
  /** Findings matched by the baseline. */
  baselined: number;
  /** Baseline entries that no longer occur. */
  staleBaselineEntries: number;
}

export interface Summary {
  filesScanned: number;
  findingCount: number;
  fileErrorCount: number;
  /** Findings and file problems of error severity. */
  errorCount: number;
  /** Findings and file problems of warning severity. */
  warningCount: number;
}

export function summarize(report: Report): Summary {
  const all = [...report.findings, ...report.errors];
  const errorCount = all.filter((p) => p.severity === 'error').length;
  return {
    filesScanned: report.files.length,
    findingCount: report.findings.length,
    fileErrorCount: report.errors.length,
    errorCount,
    warningCount: all.length - errorCount,
  };
}

/** `--quiet`: drop warnings, so they are neither shown nor counted. */
export function withoutWarnings(report: Report): Report {
  return {
    ...report,
    findings: report.findings.filter((f) => f.severity === 'error'),
    errors: report.errors.filter((e) => e.severity === 'error'),
  };
}

/** 0: clean; 1: error-severity problems or more warnings than `maxWarnings` (-1: no limit). */
export function exitCodeFor(summary: Summary, maxWarnings: number): 0 | 1 {
  if (summary.errorCount > 0) return 1;
  if (maxWarnings >= 0 && summary.warningCount > maxWarnings) return 1;
  return 0;
}

export function compareFileErrors(a: FileError, b: FileError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

interface Spot {
  file: string;
  loc: { line: number; column: number };
}

/** `finding.related` minus the entries at one of `shown` (locations a reporter already prints otherwise). */
export function relatedBesides(finding: Finding, shown: ReadonlyArray<Spot | undefined>): Finding['related'] {
  const spots = shown.filter((s) => s !== undefined);
  return finding.related.filter((r) => !spots.some((s) => s.file === r.file && s.loc.line === r.loc.line && s.loc.column === r.loc.column));
}
