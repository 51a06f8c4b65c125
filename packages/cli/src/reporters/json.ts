/**
 * JSON report. The shape is stable within a `schemaVersion`:
 *
 *   {
 *     "schemaVersion": 1,
 *     "version": "0.1.0",              // tocscan's version
 *     "preset": "recommended",
 *     "files": ["src/a.ts", …],        // every supported file the run tried to scan
 *     "findings": [Finding, …],        // as in @tocscan/core findings.ts
 *     "errors": [{ "file", "kind", "severity", "message", "line"?, "column"? }, …],
 *     "summary": { "filesScanned", "findingCount", "fileErrorCount", "errorCount", "warningCount",
 *                  "suppressedCount", "baselinedCount", "staleBaselineEntryCount" }
 *   }
 *
 * `suppressedCount`: findings silenced by `tocscan-ignore` comments; `baselinedCount`: findings the
 * baseline hides; `staleBaselineEntryCount`: baseline entries that no longer occur (regenerate it).
 *
 * Paths are relative to the working directory, `/`-separated. Positions follow the model: `line`
 * 1-based, `column` 0-based (a finding's `loc`, its statements' `loc`, and `errors[].column`).
 * `errors[].kind` is one of unreadable, binary, too-large, unsupported, parse, syntax, internal, timeout, symlink-loop.
 */
import type { Finding, PresetName } from '@tocscan/core';
import { summarize, type FileError, type Report, type Summary } from '../report.js';
import type { Reporter } from './types.js';

export interface JsonReport {
  schemaVersion: 1;
  version: string;
  preset: PresetName;
  files: string[];
  findings: Finding[];
  errors: FileError[];
  summary: Summary & { suppressedCount: number; baselinedCount: number; staleBaselineEntryCount: number };
}

export function toJsonReport(report: Report): JsonReport {
  return {
    schemaVersion: 1,
    version: report.version,
    preset: report.preset,
    files: report.files,
    findings: report.findings,
    errors: report.errors,
    summary: {
      ...summarize(report),
      suppressedCount: report.hidden?.suppressed ?? 0,
      baselinedCount: report.hidden?.baselined ?? 0,
      staleBaselineEntryCount: report.hidden?.staleBaselineEntries ?? 0,
    },
  };
}

export const json: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
