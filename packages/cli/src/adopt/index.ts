/**
 * After the scan, before the report is printed: suppression comments, the baseline, the scope of a
 * change. The order matters: a suppressed finding never reaches the baseline; the baseline is judged
 * on the whole run; the change scope narrows what is left.
 */
import { displayPath, UsageError } from '../discover.js';
import type { Report } from '../report.js';
import type { RunPlan } from '../config/plan.js';
import { applyBaseline, baselineOf, readBaseline, writeBaseline } from './baseline.js';
import { changedLines, onlyChanged } from './changed.js';
import { applySuppressions } from './suppressions.js';

export interface Adopted {
  report: Report;
  suppressed: number;
  /** Set when the run used a baseline. */
  baseline?: { path: string; matched: number; fixed: number };
  /** Set when the run wrote a baseline (`--generate-baseline`): nothing else is reported then. */
  generated?: { path: string; entries: number; findings: number };
}

export interface AdoptOptions {
  reportUnusedSuppressions: boolean;
}

export async function adopt(scanned: Report, plan: RunPlan, options: AdoptOptions): Promise<Adopted> {
  const { report: unsuppressed, count: suppressed } = await applySuppressions(scanned, {
    requireReason: plan.preset === 'strict',
    reportUnused: options.reportUnusedSuppressions,
  });
  let report = unsuppressed;
  if (plan.baseline?.generate) {
    const baseline = baselineOf(report, plan.baseline.path);
    try {
      await writeBaseline(baseline, plan.baseline.path);
    } catch (error) {
      throw new UsageError(`Cannot write the baseline ${displayPath(plan.baseline.path, report.root)}: ${(error as Error).message}`);
    }
    const findings = baseline.entries.reduce((n, e) => n + e.count, 0);
    return { report, suppressed, generated: { path: plan.baseline.path, entries: baseline.entries.length, findings } };
  }
  let baseline: Adopted['baseline'];
  if (plan.baseline) {
    const applied = applyBaseline(report, await readBaseline(plan.baseline.path, report.root), plan.baseline.path);
    report = applied.report;
    baseline = { path: plan.baseline.path, matched: applied.matched, fixed: applied.fixed };
  }
  if (plan.changes) report = onlyChanged(report, await changedLines(plan.changes, report.root));
  report = { ...report, hidden: { suppressed, baselined: baseline?.matched ?? 0, staleBaselineEntries: baseline?.fixed ?? 0 } };
  return { report, suppressed, ...(baseline ? { baseline } : {}) };
}

/** What the run says about the baseline on stderr (stdout when it wrote one); empty when nothing. */
export function adoptionNotes(adopted: Adopted, cwd: string): string {
  if (adopted.generated) {
    const { path, entries, findings } = adopted.generated;
    const problems = new Set(adopted.report.errors.map((e) => e.file)).size;
    const skipped = problems > 0 ? ` ${problems} file${problems === 1 ? '' : 's'} could not be fully scanned; run without --generate-baseline to see why.` : '';
    return `tocscan: baseline ${displayPath(path, cwd)} written: ${findings} finding${findings === 1 ? '' : 's'} in ${entries} entr${entries === 1 ? 'y' : 'ies'}.${skipped}\n`;
  }
  const b = adopted.baseline;
  if (!b || (b.matched === 0 && b.fixed === 0)) return '';
  const shown = displayPath(b.path, cwd);
  const fixed = b.fixed > 0 ? `; ${b.fixed} of its entries no longer occur (fixed): run tocscan --generate-baseline to remove them` : '';
  return `tocscan: ${b.matched} known finding${b.matched === 1 ? '' : 's'} hidden by the baseline ${shown}${fixed}.\n`;
}
