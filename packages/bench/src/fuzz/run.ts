/**
 * The fuzz harness: mutated fixtures and pathological files through
 *   - the CLI engine (`scan`, every file parsed: the prefilter is off) and the `tocscan` binary,
 *   - the ESLint rules (@typescript-eslint/parser, the strict config),
 *   - the fixers (`fixText`), whose output must parse whenever the input did.
 * Counted as failures: a crash (an exception out of any of them, an internal error reported for a
 * file, a non-JSON report or exit code 2 from the binary), a hang (a file over the time budget) and
 * a fix that makes code unparseable.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presetSeverities, fixText, type FixLanguage } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import { phpFixLanguage } from '@tocscan/lang-php';
import { tsFixLanguage } from '@tocscan/lang-ts';
import { parse as parseTsEstree } from '@typescript-eslint/typescript-estree';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import tocscanPlugin from 'eslint-plugin-tocscan';
import { Engine as PhpEngine } from 'php-parser';
import { scan } from 'tocscan';
import { Random } from '../random.js';
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

export const QUICK: FuzzOptions = { seed: 1, fixtures: 5, variants: 1, truncateStep: 0, truncateFixtures: 0, depth: 5000, longLineBytes: 0, budgetMs: 10_000 };
export const FULL: FuzzOptions = { seed: 1, fixtures: 0, variants: 6, truncateStep: 97, truncateFixtures: 6, depth: 5000, longLineBytes: 10 * 1024 * 1024, budgetMs: 30_000 };

interface Case {
  /** File name in the fuzz directory (tells the language by its extension). */
  name: string;
  bytes: Buffer;
}

export interface FuzzReport {
  cases: number;
  engine: { files: number; parsed: number; errors: Record<string, number>; crashes: string[]; hangs: string[]; pathological: Record<string, string> };
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
    const list = options.fixtures > 0 ? r.sample(all, options.fixtures) : all;
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

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const isTs = (name: string) => !name.endsWith('.php');

/** Time `fn`; a throw is a crash, over budget is a hang. */
function guarded<T>(name: string, budgetMs: number, sink: { crashes: string[]; hangs: string[] }, fn: () => T): T | undefined {
  const started = performance.now();
  try {
    return fn();
  } catch (error) {
    sink.crashes.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return undefined;
  } finally {
    const ms = performance.now() - started;
    if (ms > budgetMs) sink.hangs.push(`${name}: ${Math.round(ms)} ms`);
  }
}

const phpParser = new PhpEngine({ parser: { php7: true, version: '8.4', suppressErrors: true, extractDoc: false }, ast: { withPositions: true } });

/** Syntax problems an independent parser finds (typescript-estree throws on the first). */
function syntaxProblems(text: string, name: string): number {
  if (!isTs(name)) {
    try {
      return (phpParser.parseCode(text, name) as unknown as { errors?: unknown[] }).errors?.length ?? 0;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }
  try {
    parseTsEstree(text, { jsx: /\.(tsx|jsx|js|mjs|cjs)$/.test(name), range: true, loc: true });
    return 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export async function runFuzz(options: FuzzOptions, log: (line: string) => void = () => {}): Promise<FuzzReport> {
  const started = performance.now();
  const cases = fuzzCases(options);
  const dir = mkdtempSync(join(tmpdir(), 'tocscan-fuzz-'));
  const report: FuzzReport = {
    cases: cases.length,
    engine: { files: 0, parsed: 0, errors: {}, crashes: [], hangs: [], pathological: {} },
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

    // 1. The engine, every file parsed.
    try {
      const result = await scan(['cases'], { cwd: dir, preset: 'strict', maxFileSize: 5 * 1024 * 1024, threads: 1, prefilter: false, timeoutMs: options.budgetMs });
      report.engine.files = result.files.length;
      report.engine.parsed = result.stats?.parsed ?? 0;
      for (const f of result.files.filter((x) => x.startsWith('cases/deep-'))) {
        const kinds = [...new Set(result.errors.filter((e) => e.file === f).map((e) => e.kind))];
        report.engine.pathological[f.slice('cases/'.length)] = kinds.join(',') || `${result.findings.filter((x) => x.file === f).length} findings`;
      }
      for (const e of result.errors) {
        report.engine.errors[e.kind] = (report.engine.errors[e.kind] ?? 0) + 1;
        if (e.kind === 'internal' || /tocscan could not analyse/.test(e.message)) report.engine.crashes.push(`${e.file}: ${e.message}`);
        if (e.kind === 'timeout') report.engine.hangs.push(`${e.file}: ${e.message}`);
      }
    } catch (error) {
      report.engine.crashes.push(`scan threw: ${(error as Error).stack ?? String(error)}`);
    }
    log(`engine: ${report.engine.files} files, ${report.engine.crashes.length} crashes, ${report.engine.hangs.length} hangs`);

    // 2. The binary: a report, never exit code 2.
    const bin = join(repoRoot, 'packages/cli/bin/tocscan.js');
    const cli = spawnSync(process.execPath, [bin, 'cases', '--format', 'json', '--preset', 'strict', '--timeout', String(options.budgetMs / 1000)], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 512 << 20,
      timeout: 20 * options.budgetMs,
    });
    report.cli.exitCode = cli.status;
    if (cli.status !== 0 && cli.status !== 1) report.cli.crashes.push(`exit code ${cli.status}: ${cli.stderr.slice(0, 500)}`);
    try {
      JSON.parse(cli.stdout);
    } catch {
      report.cli.crashes.push(`not JSON: ${cli.stdout.slice(0, 200)}`);
    }

    // 3. The ESLint rules, TS and JS cases.
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config = [
      { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.jsx', '**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], ...tocscanPlugin.configs.strict },
    ] as Linter.Config[];
    for (const c of cases.filter((x) => isTs(x.name))) {
      report.eslint.files++;
      const messages = guarded(c.name, options.budgetMs, report.eslint, () => linter.verify(decode(c.bytes), config, { filename: join(dir, 'cases', c.name) }));
      if (messages?.some((m) => m.fatal)) report.eslint.fatal++;
      report.eslint.findings += messages?.filter((m) => m.ruleId?.startsWith('tocscan/')).length ?? 0;
    }
    log(`eslint: ${report.eslint.files} files, ${report.eslint.crashes.length} crashes, ${report.eslint.hangs.length} hangs`);

    // 4. The fixers: fixed output parses whenever the input did.
    const fixOptions = { rules, severities: presetSeverities(rules, 'strict') };
    const languages: Record<'php' | 'ts', FixLanguage> = { php: phpFixLanguage(), ts: tsFixLanguage() };
    for (const c of cases) {
      const text = decode(c.bytes);
      const lang = isTs(c.name) ? 'ts' : 'php';
      report.fixers.files++;
      const result = guarded(c.name, options.budgetMs, report.fixers, () => fixText(text, c.name, languages[lang], fixOptions));
      if (!result || result.applied.length === 0) continue;
      report.fixers.fixed++;
      report.fixers.applied += result.applied.length;
      if (syntaxProblems(result.output, c.name) > syntaxProblems(text, c.name)) report.fixers.unparseable.push(c.name);
    }
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
      if (report.longLine.parsedMs > 2 * options.budgetMs) report.engine.hangs.push(`long-line.ts: ${report.longLine.parsedMs} ms`);
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
    ...report.engine.hangs.map((h) => `engine hang: ${h}`),
    ...report.cli.crashes.map((c) => `cli: ${c}`),
    ...report.eslint.crashes.map((c) => `eslint crash: ${c}`),
    ...report.eslint.hangs.map((h) => `eslint hang: ${h}`),
    ...report.fixers.crashes.map((c) => `fixer crash: ${c}`),
    ...report.fixers.hangs.map((h) => `fixer hang: ${h}`),
    ...report.fixers.unparseable.map((f) => `fix made unparseable code: ${f}`),
    ...(report.longLine.tooLarge ? [] : ['a 6 MB file was not reported as too large']),
  ];
}
