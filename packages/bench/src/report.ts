/** The benchmark's figures as a Markdown table against the targets, and where the table goes. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LangStats } from './corpus/index.js';

export interface BenchResult {
  date: string;
  machine: { cpus: number; threads: number; defaultThreads: number; cpu: string; node: string };
  corpus: { php: LangStats; ts: LangStats; seed: number };
  reps: number;
  /** Medians, in ms (RSS in MB). */
  medians: Record<string, number>;
  /** Medians of per-repetition ratios (the verdicts use these). */
  ratios: {
    threads1OverFloor: number;
    defaultSpeedup: number;
    perCoreSpeedup: number;
    floorSpeedup: number;
    smallDefaultOverOne: number;
    warmOverCold: number;
    eslintOverhead: number;
    eslintOverNoop: number;
    noopOverParser: number;
  };
  /** 1-minute load average before the first and after each repetition. */
  loadAverage: number[];
  samples: Record<string, number[]>;
  run: { findings: number; files: number; signalled: number; pulledIn: number; parsed: number };
  oneChanged: { ms: number; parsed: number; fromCache: number };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (r: number) => `${r.toFixed(2)}×`;
const pct = (r: number) => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(1)}%`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export function renderTable(r: BenchResult): string {
  const m = r.medians;
  const mb = (r.corpus.php.bytes + r.corpus.ts.bytes) / 1e6;
  const lines = r.corpus.php.lines + r.corpus.ts.lines;
  const { threads1OverFloor: ratio1, defaultSpeedup: speedup, perCoreSpeedup: perCore, floorSpeedup, smallDefaultOverOne: small, warmOverCold: warm, eslintOverhead: eslint } = r.ratios;
  const n = r.machine.threads;
  const rows: [string, string, string, string][] = [
    ['1. floor: php-parser + typescript-estree alone, 1 thread', `${s(m.floor1)} (${(mb / (m.floor1 / 1000)).toFixed(1)} MB/s)`, 'reference', ''],
    ['2. `tocscan --threads 1` / floor', `${s(m.threads1)}; ${x(ratio1)}`, '≤ 1.3×', verdict(ratio1 <= 1.3)],
    [
      `3. \`tocscan\` default (${r.machine.defaultThreads} worker${r.machine.defaultThreads > 1 ? 's' : ''}) speedup / floor's ${n}-worker speedup`,
      `${s(m.threadsDefault)}; ${x(speedup)} / ${x(floorSpeedup)} = ${(speedup / floorSpeedup).toFixed(2)}`,
      '≥ 0.9',
      verdict(speedup / floorSpeedup >= 0.9),
    ],
    [
      `3a. \`tocscan --threads ${n}\` speedup / floor's ${n}-worker speedup`,
      `${s(m.threadsPerCore)}; ${x(perCore)} / ${x(floorSpeedup)} = ${(perCore / floorSpeedup).toFixed(2)}; peak RSS ${m.rssPerCore.toFixed(0)} MB`,
      '≥ 0.9',
      verdict(perCore / floorSpeedup >= 0.9),
    ],
    ['3b. small run (200 files, one worker either way): default / `--threads 1`', `${s(m.smallDefault)} / ${s(m.small1)}; ${x(small)}`, 'no slowdown (≤ 1.05×)', verdict(small <= 1.05)],
    ['4. `--cache` warm / cold', `${s(m.cacheWarm)} / ${s(m.cacheCold)}; ${x(warm)}`, '≤ 0.1', verdict(warm <= 0.1)],
    ['4b. one file changed: files parsed again', `${r.oneChanged.parsed} (${r.oneChanged.fromCache} from the cache), ${s(r.oneChanged.ms)}`, '1', verdict(r.oneChanged.parsed === 1)],
    ['5. peak RSS, default threads', `${m.rssDefault.toFixed(0)} MB`, '≤ 400 MB', verdict(m.rssDefault <= 400)],
    ['6. ESLint + tocscan recommended / parser only, no rules (TS part)', `${s(m.eslintRecommended)} / ${s(m.eslintParser)}; ${pct(eslint)}`, '≤ +10%', verdict(eslint <= 0.1)],
    [
      '6a. the same against one rule that does nothing (what ESLint costs once any rule is on)',
      `${s(m.eslintRecommended)} / ${s(m.eslintNoop)}; ${pct(r.ratios.eslintOverNoop)} (the no-op rule: ${pct(r.ratios.noopOverParser)})`,
      '',
      '',
    ],
  ];
  return [
    `Corpus: ${r.corpus.php.files} PHP + ${r.corpus.ts.files} TS files, ${lines.toLocaleString('en')} lines, ${mb.toFixed(1)} MB (seed ${r.corpus.seed}); ` +
      `${r.run.signalled} files with SQL signals, ${r.run.pulledIn} pulled in for helpers, ${r.run.parsed} parsed (each once), ${r.run.findings} findings.`,
    `Machine: ${r.machine.cpu}, ${r.machine.threads} threads, Node.js ${r.machine.node}; load average ${Math.min(...r.loadAverage).toFixed(1)}–${Math.max(...r.loadAverage).toFixed(1)} during the run (other work on the machine). ` +
      `Whole-process wall times, medians of ${r.reps} repetitions; ratios are medians of each repetition's ratio. ${r.date.slice(0, 10)}.`,
    '',
    '| measure | result | target | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces the table between the bench markers of `readme` (appends the markers when missing). */
export function writeReadmeTable(readme: string, table: string): void {
  const block = `${START}\n${table}\n${END}`;
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  writeFileSync(readme, at >= 0 && end > at ? `${text.slice(0, at)}${block}${text.slice(end + END.length)}` : `${text}${text.endsWith('\n') || !text ? '' : '\n'}\n${block}\n`);
}
