/**
 * From the discovered files to the FileModels the analysis needs, each file read once and parsed at
 * most once:
 *
 *   1. every file is read and prefiltered (core/prefilter.ts); the files this run reports on that have
 *      SQL signals are parsed in the same task;
 *   2. files without signals (and, for a shard, other shards' files) are parsed only when they define
 *      a name the parsed code makes relevant (relevance.ts), until no file is added.
 *
 * Tasks run in worker threads or in the main thread (engine.ts); `--cache` supplies what unchanged
 * files gave last time. Models come back sorted by path, so the analysis sees the same input whatever
 * the thread count, the cache or the order tasks finished in.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileModel, Lang } from '@tocscan/core';
import { FileCache, isCacheableFailure, type CacheEntry } from '../cache/file-cache.js';
import type { FrontendOptions } from '../frontends.js';
import { langOf } from '../languages.js';
import { createEngine } from './engine.js';
import { collectRelevantNames, isRelevant, relevantNames } from './relevance.js';
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
  /** Files without signals (or of other shards) parsed because they define a relevant name. */
  pulledIn: number;
  /** Files whose answer came from the cache. */
  fromCache: number;
  /** Worker threads used (0: the main thread). */
  threads: number;
}

export interface PipelineResult {
  /** Every parsed file's model (own and pulled in), sorted by path. */
  models: FileModel[];
  /** Problems of the files this run reports on, in file order. */
  failures: FileFailure[];
  stats: PipelineStats;
}

interface FileState {
  file: string;
  lang: Lang;
  own: boolean;
  stat?: { size: number; mtimeMs: number };
  entry?: CacheEntry;
  hash?: string;
  signals?: boolean;
  names?: string[];
  calls?: string[];
  model?: FileModel;
  failure?: { kind: FailureKind; message: string };
}

export async function buildModels(files: readonly string[], options: PipelineOptions): Promise<PipelineResult> {
  const states: FileState[] = files.map((file) => ({ file, lang: langOf(file)!, own: options.own?.has(file) ?? true }));
  const stats: PipelineStats = { files: files.length, signalled: 0, parsed: 0, pulledIn: 0, fromCache: 0, threads: 0 };
  const cache = options.cache;
  const engine = createEngine(options.threads, files.length);
  stats.threads = engine.threads;
  const task = (s: FileState, mode: FileTask['mode'], knownHash?: string): FileTask => ({
    file: s.file,
    absolute: resolve(options.cwd, s.file),
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
  try {
    // 1. Read and prefilter everything; parse the signalled files this run reports on.
    let done = 0;
    await forEachLimited(states, engine.concurrency, async (s) => {
      if (!(cache && fromCache(s, cache, resolve(options.cwd, s.file), stats))) {
        const usable = s.entry && entryServes(s.entry, s.own) ? s.entry : undefined;
        const outcome = await engine.run(task(s, 'probe', usable?.hash));
        if (outcome.status === 'unchanged') {
          take(s, usable!);
          stats.fromCache++;
        } else {
          apply(s, outcome, stats);
        }
      }
      if (s.signals) stats.signalled++;
      options.onProgress?.(++done, states.length);
    });

    // 2. Pull in the files that define names the parsed code makes relevant, until none is added.
    const relevant = relevantNames();
    for (const s of states) if (s.model) collectRelevantNames(s.model, relevant);
    for (;;) {
      const wanted = states.filter((s) => !s.model && !s.failure && s.names !== undefined && isRelevant(s.names, s.calls ?? [], relevant));
      if (wanted.length === 0) break;
      await forEachLimited(wanted, engine.concurrency, async (s) => {
        // (A model from the cache: the file was counted as taken from it in the first pass.)
        if (s.entry?.model && s.entry.hash === s.hash) {
          s.model = s.entry.model;
        } else {
          apply(s, await engine.run(task(s, 'parse')), stats);
        }
        if (s.model) {
          stats.pulledIn++;
          collectRelevantNames(s.model, relevant);
        }
      });
    }
  } finally {
    await engine.close();
  }
  if (cache) for (const s of states) record(s, cache);
  const models = states.filter((s) => s.model).map((s) => s.model!);
  const failures = states.filter((s) => s.own && s.failure && !s.model).map((s) => ({ file: s.file, ...s.failure! }));
  return { models, failures, stats };
}

/** What an entry must hold to answer for a file: a model for a signalled file of this run, names otherwise. */
function entryServes(entry: CacheEntry, own: boolean): boolean {
  return !!entry.failure || (own && entry.signals ? !!entry.model : !!entry.names);
}

/** Looks the file up; true when its unchanged entry (same size and mtime) answers for it. */
function fromCache(s: FileState, cache: FileCache, absolute: string, stats: PipelineStats): boolean {
  try {
    const st = statSync(absolute, { throwIfNoEntry: false });
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
    s.model = entry.model;
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
    case 'model':
      s.hash = outcome.hash;
      s.signals = outcome.signals;
      s.model = outcome.model;
      stats.parsed++;
      break;
    case 'failed':
      s.hash = outcome.hash;
      s.failure = { kind: outcome.kind, message: outcome.message };
      break;
    case 'unchanged':
      // Only asked for with a known hash, handled by the caller.
      break;
  }
}

/** Keeps what this run learnt of the file (and a model from an earlier run, while the content is the same). */
function record(s: FileState, cache: FileCache): void {
  if (!s.stat || !s.hash) return;
  if (s.failure ? !isCacheableFailure(s.failure.kind) : s.signals === undefined) return;
  const previous = s.entry?.hash === s.hash ? s.entry : undefined;
  const names = s.names ?? previous?.names;
  const calls = s.calls ?? previous?.calls;
  const model = s.model ?? previous?.model;
  cache.set(s.file, {
    size: s.stat.size,
    mtimeMs: s.stat.mtimeMs,
    hash: s.hash,
    signals: s.signals ?? false,
    ...(names ? { names, calls: calls ?? [] } : {}),
    ...(model && !s.failure ? { model } : {}),
    ...(s.failure ? { failure: s.failure } : {}),
  });
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
