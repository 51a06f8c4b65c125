/**
 * `--fix` / `--fix-dry-run`: fix what the report shows, then print diffs (dry run) or write the files
 * (atomically, inside the scanned roots only) and let the caller report what remains.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliOptions } from '../args.js';
import { planRun } from '../config/plan.js';
import type { Report } from '../report.js';
import { fixSummary, unifiedDiff } from './output.js';
import { fixReport, type FixSettings } from './plan.js';
import { scannedRoots } from './roots.js';
import { writeFixed, type WriteOutcome } from './write.js';

export type { FixSettings } from './plan.js';

export interface FixIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Dry run: prints the diffs and returns the exit code (1 when error-severity findings or file
 * problems would remain). Apply: writes the files and returns undefined (the caller scans again).
 */
export async function runFixes(report: Report, options: CliOptions, fromCommandLine: ReadonlySet<string>, io: FixIo): Promise<number | undefined> {
  const plan = planRun(options, fromCommandLine, io.cwd);
  const settings: FixSettings = { kinds: options.fixTypes, dialect: plan.dialect, frontend: plan.frontend };
  const mode = options.fix ?? 'dry-run';
  const patterns = plan.patterns;
  const fixes = await fixReport(report, settings);
  const changed = fixes.filter((f) => f.after !== f.before);
  const written = new Map<string, WriteOutcome>();
  if (mode === 'dry-run') {
    io.stdout(changed.map(unifiedDiff).join(''));
    io.stderr(fixSummary(fixes, written, true));
    const left = [...fixes.flatMap((f) => f.remaining.map((r) => r.finding)), ...report.errors];
    return left.some((p) => p.severity === 'error') ? 1 : 0;
  }
  const roots = await scannedRoots(patterns, io.cwd);
  const seen = new Map<string, string>();
  for (const f of changed) {
    const path = resolve(report.root, f.file);
    const real = await realpath(path).catch(() => path);
    const first = seen.get(real);
    if (first) {
      written.set(f.file, { written: false, reason: `it is the same file as ${first}` });
      continue;
    }
    seen.set(real, f.file);
    written.set(f.file, await writeFixed(path, f.before, f.after, roots));
  }
  io.stderr(fixSummary(fixes, written, false));
  return undefined;
}
