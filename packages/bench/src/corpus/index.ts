/**
 * The benchmark corpus: `phpFiles` PHP and `tsFiles` TypeScript files generated from one seed, written
 * under `dir`. The same options give the same bytes; an existing corpus with the same manifest is reused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from '../random.js';
import { phpFile } from './php.js';
import { tsFile } from './ts.js';

export interface CorpusOptions {
  phpFiles: number;
  tsFiles: number;
  seed: number;
}

export interface LangStats {
  files: number;
  bytes: number;
  lines: number;
}

export interface Corpus {
  dir: string;
  options: CorpusOptions;
  php: LangStats;
  ts: LangStats;
  /** Paths relative to `dir`, sorted. */
  files: string[];
}

/** Bumped whenever the generators change, so a stale corpus is regenerated. */
const GENERATOR_VERSION = 1;
const MANIFEST = 'corpus.json';

export const DEFAULT_CORPUS: CorpusOptions = { phpFiles: 3000, tsFiles: 3000, seed: 20240601 };

export function generateCorpus(dir: string, options: CorpusOptions = DEFAULT_CORPUS): Corpus {
  const manifestPath = join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    const existing = JSON.parse(readFileSync(manifestPath, 'utf8')) as Corpus & { generator: number };
    if (existing.generator === GENERATOR_VERSION && JSON.stringify(existing.options) === JSON.stringify(options)) return { ...existing, dir };
  }
  rmSync(dir, { recursive: true, force: true });
  const php: LangStats = { files: 0, bytes: 0, lines: 0 };
  const ts: LangStats = { files: 0, bytes: 0, lines: 0 };
  const files: string[] = [];
  const write = (stats: LangStats, file: { path: string; text: string }) => {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    stats.files++;
    stats.bytes += Buffer.byteLength(file.text);
    stats.lines += file.text.split('\n').length - 1;
    files.push(file.path);
  };
  const phpRandom = new Random(options.seed);
  for (let i = 0; i < options.phpFiles; i++) write(php, phpFile(phpRandom, i));
  const tsRandom = new Random(options.seed ^ 0x5bd1e995);
  for (let i = 0; i < options.tsFiles; i++) write(ts, tsFile(tsRandom, i));
  files.sort();
  const corpus: Corpus = { dir, options, php, ts, files };
  writeFileSync(manifestPath, JSON.stringify({ ...corpus, generator: GENERATOR_VERSION }, null, 2));
  return corpus;
}
