/**
 * What a person at a terminal sees besides the report, on stderr: a progress line while a run over a
 * few hundred files parses (never in CI, never when stderr is not a terminal), and one summary line
 * at the end: files, findings by rule, time.
 */
import type { Report } from './report.js';
import { plural } from './text.js';

/** Runs over fewer files finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 300;
const REFRESH_MS = 100;

export interface TerminalIo {
  env: NodeJS.ProcessEnv;
  stderr(text: string): void;
  stderrIsTTY?: boolean;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line (before anything else is printed). */
  end(): void;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}

export function progressLine(io: TerminalIo, wanted: boolean): Progress {
  const live = wanted && io.stderrIsTTY === true && !isCi(io.env);
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      if (!live || total < PROGRESS_MIN_FILES) return;
      const now = Date.now();
      if (done < total && now - last < REFRESH_MS) return;
      last = now;
      shown = true;
      io.stderr(`\r\u001b[Ktocscan: ${done}/${total} files (${Math.floor((done / total) * 100)}%)`);
    },
    end() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}

export interface RunCounts {
  elapsedMs: number;
  suppressed: number;
  baselined: number;
}

/** `tocscan: 1204 files, 7 findings (check-then-act 4, insert-if-absent 3) in 2.4 s; 3 suppressed, 12 in the baseline` */
export function summaryLine(report: Report, counts: RunCounts): string {
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const rules = [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id} ${n}`);
  const findings = `${plural(report.findings.length, 'finding')}${rules.length > 0 ? ` (${rules.join(', ')})` : ''}`;
  const extra = [
    counts.suppressed > 0 ? `${counts.suppressed} suppressed` : '',
    counts.baselined > 0 ? `${counts.baselined} in the baseline` : '',
  ].filter(Boolean);
  const seconds = (counts.elapsedMs / 1000).toFixed(1);
  return `tocscan: ${plural(report.files.length, 'file')}, ${findings} in ${seconds} s${extra.length > 0 ? `; ${extra.join(', ')}` : ''}\n`;
}
