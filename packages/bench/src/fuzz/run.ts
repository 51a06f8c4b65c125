/**
 * The fuzz harness: mutated fixtures and pathological files through
 *   - the CLI engine (`scan`, every file parsed: the prefilter is off) and the `tocscan` binary,
 *   - the ESLint rules (@typescript-eslint/parser, the strict config),
 *   - the fixers (`fixText`), whose output must parse whenever the input did.
 * Counted as failures: a crash (an exception out of any of them, an internal error reported for a
 * file, a non-JSON report or exit code 2 from the binary), a hang (an ESLint or fixer check still
 * running at twice the budget: the engine has its own budget and reports such files) and a fix that
 * makes code unparseable.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { scan } from 'tocscan';
import { Random } from '../random.js';
import { isTs, type CheckResult, type CheckTask } from './checks.js';
import { deepNesting, longLine, mutate, MUTATIONS, truncations } from './mutate.js';

export interface FuzzOptions {
  seed: number;
  /** Fixtures taken per language (0: all of them). */
  fixtures: number;
  /** Mutated variants per fixture and mutation. */
  variants: number;
  /** Also every prefix cut every this many bytes (0: none), for this many fixtures per language. */
  truncateStep: number;
  truncateFixtures: number;
  /** Nesting depth of the pathological files. */
  depth: number;
  /** Size of the one-line file parsed under a raised --max-file-size (0: only the too-large check). */
  longLineBytes: number;
  /** Per-file time budget, ms. */
  budgetMs: number;
}

export const QUICK: FuzzOptions = { seed: 1, fixtures: 2, variants: 1, truncateStep: 0, truncateFixtures: 0, depth: 5000, longLineBytes: 0, budgetMs: 5000 };
export const FULL: FuzzOptions = { seed: 1, fixtures: 0, variants: 6, truncateStep: 97, truncateFixtures: 6, depth: 5000, longLineBytes: 10 * 1024 * 1024, budgetMs: 30_000 };

interface Case {
  /** File name in the fuzz directory (tells the language by its extension). */
  name: string;
  bytes: Buffer;
}

export interface FuzzReport {
  cases: number;
  /** `timeouts`: files the engine stopped at the budget and reported (the required behaviour, not a failure). */
  engine: { files: number; parsed: number; errors: Record<string, number>; crashes: string[]; timeouts: string[]; pathological: Record<string, string> };
  cli: { exitCode: number | null; crashes: string[] };
  eslint: { files: number; fatal: number; findings: number; crashes: string[]; hangs: string[] };
  fixers: { files: number; fixed: number; applied: number; unparseable: string[]; crashes: string[]; hangs: string[] };
  longLine: { tooLarge: boolean; parsedMs?: number; outcome?: string };
  durationMs: number;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function fixtures(lang: 'php' | 'ts'): { name: string; text: string }[] {
  const dir = join(repoRoot, 'fixtures', lang);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((p) => ({ name: relative(dir, p).replace(/[\\/]/g, '__'), text: readFileSync(p, 'utf8') }));
}

export function fuzzCases(options: FuzzOptions): Case[] {
  const r = new Random(options.seed);
  const cases: Case[] = [];
  for (const lang of ['php', 'ts'] as const) {
    const all = fixtures(lang);
    // A sample is taken among fixtures with findings, so the fixers have something to fix.
    const list = options.fixtures > 0 ? r.sample(all.filter((f) => /expect:/.test(f.text)), options.fixtures) : all;
    for (const f of list) {
      for (const m of MUTATIONS) {
        for (let v = 0; v < options.variants; v++) cases.push({ name: `${m}-${v}-${f.name}`, bytes: mutate(f.text, m, r) });
      }
    }
    if (options.truncateStep > 0) {
      for (const f of r.sample(list, options.truncateFixtures)) {
        truncations(f.text, options.truncateStep).forEach((bytes, i) => cases.push({ name: `cut-${i}-${f.name}`, bytes }));
      }
    }
    for (const [kind, text] of deepNesting(lang, options.depth)) cases.push({ name: `deep-${kind}.${lang}`, bytes: Buffer.from(text) });
  }
  return cases;
}

/** `tocscan cases --format json` in `dir`. */
function runCli(dir: string, budgetMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const bin = join(repoRoot, 'packages/cli/bin/tocscan.js');
  const child = spawn(process.execPath, [bin, 'cases', '--format', 'json', '--preset', 'strict', '--timeout', String(budgetMs / 1000)], { cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill(), 20 * budgetMs);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the checks in worker threads; a check past twice the budget has its worker stopped and counts as a hang. */
async function runChecks(tasks: CheckTask[], budgetMs: number, onResult: (task: CheckTask, result: CheckResult | 'hang') => void): Promise<void> {
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const pool = new Tinypool({ filename: new URL('./worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  pool.on('error', () => {});
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 2 * budgetMs);
      try {
        onResult(task, (await pool.run(task, { signal: controller.signal })) as CheckResult);
      } catch (error) {
        onResult(task, controller.signal.aborted ? 'hang' : { target: task.target, crash: `worker stopped: ${(error as Error).message}` });
      } finally {
        clearTimeout(timer);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool.destroy();
  }
}

export async function runFuzz(options: FuzzOptions, log: (line: string) => void = () => {}): Promise<FuzzReport> {
  const started = performance.now();
  const cases = fuzzCases(options);
  const dir = mkdtempSync(join(tmpdir(), 'tocscan-fuzz-'));
  const report: FuzzReport = {
    cases: cases.length,
    engine: { files: 0, parsed: 0, errors: {}, crashes: [], timeouts: [], pathological: {} },
    cli: { exitCode: null, crashes: [] },
    eslint: { files: 0, fatal: 0, findings: 0, crashes: [], hangs: [] },
    fixers: { files: 0, fixed: 0, applied: 0, unparseable: [], crashes: [], hangs: [] },
    longLine: { tooLarge: false },
    durationMs: 0,
  };
  try {
    mkdirSync(join(dir, 'cases'));
    for (const c of cases) writeFileSync(join(dir, 'cases', c.name), c.bytes);
    log(`${cases.length} cases in ${dir}`);

    // 1. The binary (in the background): a report, never exit code 2.
    const cli = runCli(dir, options.budgetMs);

    // 2. The engine, every file parsed.
    try {
      const result = await scan(['cases'], { cwd: dir, preset: 'strict', maxFileSize: 5 * 1024 * 1024, prefilter: false, timeoutMs: options.budgetMs });
      report.engine.files = result.files.length;
      report.engine.parsed = result.stats?.parsed ?? 0;
      for (const f of result.files.filter((x) => x.startsWith('cases/deep-'))) {
        const kinds = [...new Set(result.errors.filter((e) => e.file === f).map((e) => e.kind))];
        report.engine.pathological[f.slice('cases/'.length)] = kinds.join(',') || `${result.findings.filter((x) => x.file === f).length} findings`;
      }
      for (const e of result.errors) {
        report.engine.errors[e.kind] = (report.engine.errors[e.kind] ?? 0) + 1;
        if (e.kind === 'internal' || /tocscan could not analyse/.test(e.message)) report.engine.crashes.push(`${e.file}: ${e.message}`);
        if (e.kind === 'timeout') report.engine.timeouts.push(e.file);
      }
    } catch (error) {
      report.engine.crashes.push(`scan threw: ${(error as Error).stack ?? String(error)}`);
    }
    log(`engine: ${report.engine.files} files, ${report.engine.crashes.length} crashes, ${report.engine.timeouts.length} stopped at the budget`);
    const ran = await cli;
    report.cli.exitCode = ran.status;
    if (ran.status !== 0 && ran.status !== 1) report.cli.crashes.push(`exit code ${ran.status}: ${ran.stderr.slice(0, 500)}`);
    try {
      JSON.parse(ran.stdout);
    } catch {
      report.cli.crashes.push(`not JSON: ${ran.stdout.slice(0, 200)}`);
    }

    // 3 and 4. The ESLint rules (TS and JS cases) and the fixers: fixed output parses whenever the input did.
    const casesDir = join(dir, 'cases');
    const tasks: CheckTask[] = [
      ...cases.filter((c) => isTs(c.name)).map((c): CheckTask => ({ target: 'eslint', name: c.name, bytes: c.bytes, dir: casesDir })),
      ...cases.map((c): CheckTask => ({ target: 'fixer', name: c.name, bytes: c.bytes, dir: casesDir })),
    ];
    await runChecks(tasks, options.budgetMs, (task, result) => {
      const sink = task.target === 'eslint' ? report.eslint : report.fixers;
      sink.files++;
      if (result === 'hang') sink.hangs.push(`${task.name}: over ${(2 * options.budgetMs) / 1000} s`);
      else if ('crash' in result) sink.crashes.push(`${task.name}: ${result.crash}`);
      else if (result.target === 'eslint') {
        if (result.fatal) report.eslint.fatal++;
        report.eslint.findings += result.findings;
      } else if (result.applied > 0) {
        report.fixers.fixed++;
        report.fixers.applied += result.applied;
        if (result.unparseable) report.fixers.unparseable.push(task.name);
      }
    });
    log(`eslint: ${report.eslint.files} files, ${report.eslint.crashes.length} crashes, ${report.eslint.hangs.length} hangs`);
    log(`fixers: ${report.fixers.files} files, ${report.fixers.applied} fixes in ${report.fixers.fixed}, ${report.fixers.unparseable.length} unparseable`);

    // 5. One very long line: skipped at the default size limit; parsed (or stopped) within the budget above it.
    const long = longLine('ts', Math.max(options.longLineBytes, 6 * 1024 * 1024));
    writeFileSync(join(dir, 'long-line.ts'), long);
    const tooLarge = await scan(['long-line.ts'], { cwd: dir, preset: 'strict', maxFileSize: 5 * 1024 * 1024, threads: 1 });
    report.longLine.tooLarge = tooLarge.errors.some((e) => e.kind === 'too-large');
    if (options.longLineBytes > 0) {
      const t = performance.now();
      const big = await scan(['long-line.ts'], { cwd: dir, preset: 'strict', maxFileSize: 64 * 1024 * 1024, threads: 1, timeoutMs: options.budgetMs });
      report.longLine.parsedMs = Math.round(performance.now() - t);
      report.longLine.outcome = big.errors.map((e) => e.kind).join(',') || `${big.findings.length} findings`;
      if (report.longLine.parsedMs > 3 * options.budgetMs) report.engine.crashes.push(`long-line.ts: not stopped at the budget (${report.longLine.parsedMs} ms)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** Every failure of a report, one per line (empty when the run is clean). */
export function failures(report: FuzzReport): string[] {
  return [
    ...report.engine.crashes.map((c) => `engine crash: ${c}`),
    ...report.cli.crashes.map((c) => `cli: ${c}`),
    ...report.eslint.crashes.map((c) => `eslint crash: ${c}`),
    ...report.eslint.hangs.map((h) => `eslint hang: ${h}`),
    ...report.fixers.crashes.map((c) => `fixer crash: ${c}`),
    ...report.fixers.hangs.map((h) => `fixer hang: ${h}`),
    ...report.fixers.unparseable.map((f) => `fix made unparseable code: ${f}`),
    ...(report.longLine.tooLarge ? [] : ['a 6 MB file was not reported as too large']),
  ];
}
