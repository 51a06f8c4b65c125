/**
 * From the discovered files to the FileModels the analysis needs, each file read once and parsed at
 * most once:
 *
 *   1. every file is read and prefiltered (core/prefilter.ts); the files this run reports on that have
 *      SQL signals are parsed in the same task;
 *   2. files without signals (and, for a shard, other shards' files) are parsed only when they define
 *      a name the parsed code makes relevant (relevance.ts), until no file is added.
 *
 * Tasks run in worker threads (engine.ts), started only when a file needs reading; `--cache` supplies
 * what unchanged files gave last time. Parsed files come back sorted by path, so the analysis sees the
 * same input whatever the thread count, the cache or the order tasks finished in.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileModel, Lang, ParseProblem } from '@tocscan/core';
import { deserializeModel, FileCache, isCacheableFailure, serializeModel, type CacheEntry, type ParsedEntry } from '../cache/file-cache.js';
import type { FrontendOptions } from '../frontends.js';
import { langOf } from '../languages.js';
import { BATCH_FILES, createEngine, engineConcurrency, type Engine } from './engine.js';
import { addRelevantNames, isRelevant, relevantNames, relevantNamesOf } from './relevance.js';
import type { FailureKind, FileOutcome, FileTask } from './task.js';

export interface PipelineOptions {
  cwd: string;
  maxFileSize: number;
  frontend: FrontendOptions;
  threads: number;
  /** Per-file budget in ms (0: none). */
  timeoutMs: number;
  /** false: parse every file, with or without SQL signals. */
  prefilter: boolean;
  cache?: FileCache;
  /** The files this run reports on (a shard); every file when undefined. */
  own?: ReadonlySet<string>;
  onProgress?: (done: number, total: number) => void;
}

export interface FileFailure {
  file: string;
  kind: FailureKind;
  message: string;
}

export interface PipelineStats {
  files: number;
  /** Files with SQL signals (every file when the prefilter is off). */
  signalled: number;
  /** Files parsed in this run. */
  parsed: number;
  /** Files without signals (or of other shards) in the analysis because they define a relevant name. */
  pulledIn: number;
  /** Files whose answer came from the cache. */
  fromCache: number;
  /** Worker threads used (0: none was needed, or the main thread did the work). */
  threads: number;
}

/** A parsed file: its model (read from the cache only when asked for) and what a run needs without it. */
export interface ParsedFile {
  path: string;
  problems: ParseProblem[];
  model(): FileModel;
}

export interface PipelineResult {
  /** Every parsed file (own and pulled in), sorted by path. */
  parsed: ParsedFile[];
  /** Problems of the files this run reports on, in file order. */
  failures: FileFailure[];
  /** What every file's content was (with `--cache`): a key for the whole run, '' without the cache. */
  contentKey: string;
  stats: PipelineStats;
}

interface FileState {
  file: string;
  absolute: string;
  lang: Lang;
  own: boolean;
  stat?: { size: number; mtimeMs: number };
  entry?: CacheEntry;
  hash?: string;
  signals?: boolean;
  names?: string;
  calls?: string;
  parsed?: ParsedEntry & { fresh?: FileModel };
  failure?: { kind: FailureKind; message: string };
}

export async function buildModels(files: readonly string[], options: PipelineOptions): Promise<PipelineResult> {
  const states: FileState[] = files.map((file) => ({ file, absolute: resolve(options.cwd, file), lang: langOf(file)!, own: options.own?.has(file) ?? true }));
  const stats: PipelineStats = { files: files.length, signalled: 0, parsed: 0, pulledIn: 0, fromCache: 0, threads: 0 };
  const cache = options.cache;
  let engine: Engine | undefined;
  const run = (tasks: FileTask[]): Promise<FileOutcome[]> => {
    engine ??= createEngine(options.threads, files.length);
    stats.threads = engine.threads;
    return engine.run(tasks);
  };
  // How many tasks to keep in flight (known before the engine starts: it is started lazily).
  const lanes = engineConcurrency(options.threads, files.length);
  const task = (s: FileState, mode: FileTask['mode'], knownHash?: string): FileTask => ({
    file: s.file,
    absolute: s.absolute,
    lang: s.lang,
    maxFileSize: options.maxFileSize,
    frontend: options.frontend,
    mode,
    parseSignalled: s.own,
    prefilter: options.prefilter,
    hash: cache !== undefined,
    knownHash,
    timeoutMs: options.timeoutMs,
  });
  const usable = (s: FileState) => (s.entry && entryServes(s.entry, s.own) ? s.entry : undefined);
  const byFile = new Map(states.map((s) => [s.file, s]));
  const pulledIn: string[] = [];
  let contentKey = '';
  try {
    // 1. Read and prefilter everything; parse the signalled files this run reports on.
    let done = 0;
    const seen = (list: readonly FileState[]) => {
      for (const s of list) {
        if (s.signals) stats.signalled++;
        options.onProgress?.(++done, states.length);
      }
    };
    const toProbe: FileState[] = [];
    for (const s of states) {
      if (cache && fromCache(s, cache, stats)) seen([s]);
      else toProbe.push(s);
    }
    await forEachLimited(chunks(toProbe, BATCH_FILES), lanes, async (batch) => {
      const outcomes = await run(batch.map((s) => task(s, 'probe', usable(s)?.hash)));
      batch.forEach((s, i) => {
        const outcome = outcomes[i];
        if (outcome.status === 'unchanged') {
          take(s, usable(s)!);
          stats.fromCache++;
        } else {
          apply(s, outcome, stats);
        }
      });
      seen(batch);
    });

    // 2. Pull in the files that define names the parsed code makes relevant, until none is added (or,
    // with the cache and every file as it was, the files pulled in last time).
    contentKey = cache ? keyOfContents(states, options.own) : '';
    const again = cache?.lastPulledIn(contentKey);
    const reused = again?.every((file) => byFile.get(file)?.entry?.parsed) ? again : undefined;
    for (const file of reused ?? []) {
      const s = byFile.get(file)!;
      s.parsed = s.entry!.parsed;
      stats.pulledIn++;
    }
    const relevant = relevantNames();
    for (const s of reused ? [] : states) if (s.parsed) addRelevantNames(s.parsed, relevant);
    for (; !reused; ) {
      const wanted = states.filter((s) => !s.parsed && !s.failure && s.names !== undefined && isRelevant(s.names, s.calls ?? '', relevant));
      if (wanted.length === 0) break;
      // (A model from the cache: the file was counted as taken from it in the first pass.)
      for (const s of wanted) if (s.entry?.parsed && s.entry.hash === s.hash) s.parsed = s.entry.parsed;
      await forEachLimited(chunks(wanted.filter((s) => !s.parsed), BATCH_FILES), lanes, async (batch) => {
        const outcomes = await run(batch.map((s) => task(s, 'parse')));
        batch.forEach((s, i) => apply(s, outcomes[i], stats));
      });
      for (const s of wanted) {
        if (!s.parsed) continue;
        stats.pulledIn++;
        pulledIn.push(s.file);
        addRelevantNames(s.parsed, relevant);
      }
    }
    if (cache && !reused) cache.rememberPulledIn(contentKey, pulledIn.sort());
  } finally {
    await engine?.close();
  }
  if (cache) for (const s of states) record(s, cache);
  const parsed = states.filter((s) => s.parsed).map((s) => parsedFile(s.file, s.parsed!));
  const failures = states.filter((s) => s.own && s.failure && !s.parsed).map((s) => ({ file: s.file, ...s.failure! }));
  return { parsed, failures, contentKey, stats };
}

/** Every file's content hash (or why it has none) and which files the run reports on. */
function keyOfContents(states: readonly FileState[], own: ReadonlySet<string> | undefined): string {
  const hash = createHash('sha1');
  for (const s of states) hash.update(`${s.file}\u0000${s.hash ?? s.failure?.kind ?? ''}\u0000${own && !s.own ? '' : '1'}\n`);
  return hash.digest('hex');
}

function parsedFile(path: string, parsed: ParsedEntry & { fresh?: FileModel }): ParsedFile {
  let model = parsed.fresh;
  return { path, problems: parsed.problems, model: () => (model ??= deserializeModel(parsed.model)) };
}

/** What an entry must hold to answer for a file: a model for a signalled file of this run, names otherwise. */
function entryServes(entry: CacheEntry, own: boolean): boolean {
  return !!entry.failure || (own && entry.signals ? !!entry.parsed : entry.names !== undefined);
}

/** Looks the file up; true when its unchanged entry (same size and mtime) answers for it. */
function fromCache(s: FileState, cache: FileCache, stats: PipelineStats): boolean {
  try {
    const st = statSync(s.absolute, { throwIfNoEntry: false });
    if (st?.isFile()) s.stat = { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    // unreadable: the task reports it
  }
  s.entry = cache.entry(s.file);
  if (!s.entry || !s.stat || !FileCache.fresh(s.entry, s.stat) || !entryServes(s.entry, s.own)) return false;
  take(s, s.entry);
  stats.fromCache++;
  return true;
}

function take(s: FileState, entry: CacheEntry): void {
  s.hash = entry.hash;
  s.signals = entry.signals;
  if (entry.failure) {
    s.failure = entry.failure;
    return;
  }
  if (s.own && entry.signals) {
    s.parsed = entry.parsed;
  } else {
    s.names = entry.names;
    s.calls = entry.calls;
  }
}

function apply(s: FileState, outcome: FileOutcome, stats: PipelineStats): void {
  switch (outcome.status) {
    case 'probed':
      s.hash = outcome.hash;
      s.signals = outcome.signals;
      s.names = outcome.names;
      s.calls = outcome.calls;
      break;
    case 'model': {
      s.hash = outcome.hash;
      s.signals = outcome.signals;
      const { candidates, targets } = relevantNamesOf(outcome.model);
      s.parsed = { model: new Uint8Array(), problems: outcome.model.problems, candidates, targets, fresh: outcome.model };
      stats.parsed++;
      break;
    }
    case 'failed':
      s.hash = outcome.hash;
      s.failure = { kind: outcome.kind, message: outcome.message };
      break;
    case 'unchanged':
      // Only asked for with a known hash, handled by the caller.
      break;
  }
}

/** Keeps what this run learnt of the file (and what an earlier run learnt, while the content is the same). */
function record(s: FileState, cache: FileCache): void {
  if (!s.stat || !s.hash) return;
  if (s.failure ? !isCacheableFailure(s.failure.kind) : s.signals === undefined) return;
  const previous = s.entry?.hash === s.hash ? s.entry : undefined;
  const names = s.names ?? previous?.names;
  const calls = s.calls ?? previous?.calls;
  const parsed = s.parsed?.fresh ? storable(s.parsed, s.parsed.fresh) : (s.parsed ?? previous?.parsed);
  const entry: CacheEntry = {
    size: s.stat.size,
    mtimeMs: s.stat.mtimeMs,
    hash: s.hash,
    signals: s.signals ?? false,
    ...(names !== undefined ? { names, calls: calls ?? '' } : {}),
    ...(parsed && !s.failure ? { parsed } : {}),
    ...(s.failure ? { failure: s.failure } : {}),
  };
  cache.set(s.file, previous && sameEntry(previous, entry) ? previous : entry);
}

function storable(parsed: ParsedEntry, model: FileModel): ParsedEntry {
  return { model: serializeModel(model), problems: parsed.problems, candidates: parsed.candidates, targets: parsed.targets };
}

function sameEntry(a: CacheEntry, b: CacheEntry): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.hash === b.hash &&
    a.signals === b.signals &&
    a.names === b.names &&
    a.calls === b.calls &&
    a.parsed === b.parsed &&
    a.failure === b.failure
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
