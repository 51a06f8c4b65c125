/**
 * `npm run bench`: generates the corpus and measures, in one run on the same files, medians of several
 * repetitions of whole-process wall times:
 *   1. the floor: php-parser and typescript-estree alone, one thread (and a pool of workers, for 3);
 *   2. `tocscan --threads 1` against the floor                                    target ≤ 1.3
 *   3. `tocscan` speedup over one thread, against the floor's with as many workers  target ≥ 0.9 of it
 *      (with the default thread count, and with one worker per core; and a small run:
 *      default threads against one thread                                         no slowdown)
 *   4. `--cache` warm run against the cold run                                     target ≤ 0.1
 *      and one file changed: how many files are parsed again                       target 1
 *   5. peak RSS of the default run                                                 target ≤ 400 MB
 *   6. ESLint + @typescript-eslint/parser with tocscan's recommended config vs none  target ≤ +10%
 *      (and vs one rule that does nothing: ESLint's own cost of having any rule at all)
 * Each ratio is the median of the ratios of each repetition (its two runs taken one after the other),
 * which holds up better than a ratio of medians when other work comes and goes on the machine; the
 * load average is recorded beside. Prints the table, writes the figures to
 * packages/bench/results/latest.json and the table into packages/bench/README.md and the repository README (bench markers).
 *
 *   node packages/bench/dist/bench.js [--reps n] [--php n] [--ts n] [--seed n]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan } from 'tocscan';
import { DEFAULT_CORPUS, generateCorpus, type Corpus, type CorpusOptions } from './corpus/index.js';
import { renderTable, writeReadmeTable, type BenchResult } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const repoRoot = join(packageDir, '..', '..');
const bin = join(repoRoot, 'packages/cli/bin/tocscan.js');
const launch = join(here, 'measure/launch.js');

interface Run {
  ms: number;
  rssMb: number;
  status: number | null;
  stdout: string;
}

function measure(script: string, args: string[], cwd: string): Run {
  const rssFile = join(tmpdir(), `tocscan-bench-rss-${process.pid}.json`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [launch, rssFile, script, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rssMb = existsSync(rssFile) ? (JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number }).maxRssKb / 1024 : NaN;
  rmSync(rssFile, { force: true });
  return { ms, rssMb, status: r.status, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function args(): { reps: number; corpus: CorpusOptions } {
  const argv = process.argv.slice(2);
  const num = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  return {
    reps: num('--reps', 5),
    corpus: { phpFiles: num('--php', DEFAULT_CORPUS.phpFiles), tsFiles: num('--ts', DEFAULT_CORPUS.tsFiles), seed: num('--seed', DEFAULT_CORPUS.seed) },
  };
}

/** A small project: the first `count` files of the corpus. */
function smallProject(corpus: Corpus, count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tocscan-bench-small-'));
  for (const f of corpus.files.slice(0, count)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(corpus.dir, f), join(dir, f));
  }
  return dir;
}

async function main(): Promise<void> {
  const { reps, corpus: corpusOptions } = args();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const corpus = generateCorpus(join(tmpdir(), `tocscan-bench-corpus-${corpusOptions.phpFiles}-${corpusOptions.tsFiles}-${corpusOptions.seed}`), corpusOptions);
  log(`corpus: ${corpus.php.files} PHP files (${(corpus.php.bytes / 1e6).toFixed(1)} MB, ${corpus.php.lines} lines), ${corpus.ts.files} TS files (${(corpus.ts.bytes / 1e6).toFixed(1)} MB, ${corpus.ts.lines} lines) in ${corpus.dir}`);
  const threads = availableParallelism();
  const work = mkdtempSync(join(tmpdir(), 'tocscan-bench-'));
  const small = smallProject(corpus, 200);
  const cacheFile = join(work, 'cache');
  const out = join(work, 'report.json');
  const tocscan = (...extra: string[]) => measure(bin, ['.', '--format', 'json', '--output-file', out, ...extra], corpus.dir);
  const samples: Record<string, number[]> = {};
  const add = (key: string, value: number) => (samples[key] ??= []).push(value);
  const load: number[] = [loadavg()[0]];
  try {
    for (let rep = 1; rep <= reps; rep++) {
      log(`repetition ${rep}/${reps}`);
      add('floor1', measure(join(here, 'measure/floor.js'), [corpus.dir], corpus.dir).ms);
      add('floorN', measure(join(here, 'measure/floor.js'), [corpus.dir, '--workers', String(threads)], corpus.dir).ms);
      const one = tocscan('--threads', '1');
      add('threads1', one.ms);
      add('rss1', one.rssMb);
      const dflt = tocscan();
      add('threadsDefault', dflt.ms);
      add('rssDefault', dflt.rssMb);
      const perCore = tocscan('--threads', String(threads));
      add('threadsPerCore', perCore.ms);
      add('rssPerCore', perCore.rssMb);
      for (let pair = 0; pair < 3; pair++) {
        add('small1', measure(bin, ['.', '--format', 'json', '--output-file', out, '--threads', '1'], small).ms);
        add('smallDefault', measure(bin, ['.', '--format', 'json', '--output-file', out], small).ms);
      }
      rmSync(cacheFile, { force: true });
      add('cacheCold', tocscan('--cache', '--cache-location', cacheFile).ms);
      add('cacheWarm', tocscan('--cache', '--cache-location', cacheFile).ms);
      add('eslintParser', measure(join(here, 'measure/eslint-run.js'), [corpus.dir, 'parser'], corpus.dir).ms);
      add('eslintNoop', measure(join(here, 'measure/eslint-run.js'), [corpus.dir, 'noop'], corpus.dir).ms);
      add('eslintRecommended', measure(join(here, 'measure/eslint-run.js'), [corpus.dir, 'recommended'], corpus.dir).ms);
      load.push(loadavg()[0]);
    }

    // One file changed: which files are parsed again (the cache is warm from the last repetition).
    const changed = corpus.files.find((f) => f.includes('/repositories/'))!;
    const changedPath = join(corpus.dir, changed);
    const original = readFileSync(changedPath);
    appendFileSync(changedPath, '\n// touched by the benchmark\n');
    let oneChanged: { ms: number; parsed: number; fromCache: number };
    let stats;
    try {
      const timed = tocscan('--cache', '--cache-location', cacheFile);
      appendFileSync(changedPath, '// and again\n');
      stats = (await scan(['.'], { cwd: corpus.dir, preset: 'recommended', maxFileSize: 5 * 1024 * 1024, cache: { location: cacheFile } })).stats!;
      oneChanged = { ms: timed.ms, parsed: stats.parsed, fromCache: stats.fromCache };
    } finally {
      writeFileSync(changedPath, original);
    }

    const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: { findingCount: number } };
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<string, number>;
    const paired = (a: string, b: string) => median(samples[a].map((x, i) => x / samples[b][i]));
    const ratios = {
      threads1OverFloor: paired('threads1', 'floor1'),
      defaultSpeedup: paired('threads1', 'threadsDefault'),
      perCoreSpeedup: paired('threads1', 'threadsPerCore'),
      floorSpeedup: paired('floor1', 'floorN'),
      smallDefaultOverOne: paired('smallDefault', 'small1'),
      warmOverCold: paired('cacheWarm', 'cacheCold'),
      eslintOverhead: paired('eslintRecommended', 'eslintParser') - 1,
      eslintOverNoop: paired('eslintRecommended', 'eslintNoop') - 1,
      noopOverParser: paired('eslintNoop', 'eslintParser') - 1,
    };
    const result: BenchResult = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, threads, defaultThreads: Math.max(1, threads - 1), cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      corpus: { php: corpus.php, ts: corpus.ts, seed: corpus.options.seed },
      reps,
      medians: m,
      ratios,
      loadAverage: load,
      samples,
      // Without the cache every signalled and pulled-in file is parsed, once.
      run: { findings: report.summary.findingCount, files: stats.files, signalled: stats.signalled, pulledIn: stats.pulledIn, parsed: stats.signalled + stats.pulledIn },
      oneChanged,
    };
    mkdirSync(join(packageDir, 'results'), { recursive: true });
    writeFileSync(join(packageDir, 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const table = renderTable(result);
    // This package's README and the repository's (its Speed section) show the same table.
    for (const readme of [join(packageDir, 'README.md'), join(packageDir, '..', '..', 'README.md')]) writeReadmeTable(readme, table);
    process.stdout.write(`${table}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(small, { recursive: true, force: true });
  }
}

await main();
