/**
 * The scan's side of the engine: the shard to report on, the cache to use, and the models of the
 * run (pipeline.ts). Kept apart from scan.ts so the scan reads as discover → models → analysis.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { FileModel } from '@tocscan/core';
import { cacheFilePath, cacheKey, FileCache } from '../cache/file-cache.js';
import type { CliOptions } from '../args.js';
import type { FrontendOptions } from '../frontends.js';
import { shardFiles, type Shard } from '../shard.js';
import { toolVersion } from '../version.js';
import { defaultThreads } from './engine.js';
import { buildModels, type FileFailure, type PipelineStats } from './pipeline.js';
import { readBytesSync, textOf } from './read-sync.js';

/** The per-file budget when none is given. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ScaleOptions {
  /** Worker threads that parse; default: one fewer than the cores (one for runs under a few hundred files). */
  threads?: number;
  /** Per-file budget in ms (0: none); default 30 s. */
  timeoutMs?: number;
  /** false: parse every file (for tests, and to compare); default true. */
  prefilter?: boolean;
  /** `--cache` (with `--cache-location`, relative to the scan root). */
  cache?: { location?: string };
  /** `--shard i/n`. */
  shard?: Shard;
}

/** The scale options the command line gave (`--threads`, `--timeout`, `--cache`, `--cache-location`, `--shard`). */
export function scaleOptionsOf(options: Pick<CliOptions, 'threads' | 'timeout' | 'cache' | 'cacheLocation' | 'shard'>): ScaleOptions {
  return {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
    ...(options.cache ? { cache: { location: options.cacheLocation } } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

export interface ModelsRequest extends ScaleOptions {
  cwd: string;
  maxFileSize: number;
  frontend: FrontendOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanStats extends PipelineStats {
  /** The cache file used, when `--cache` is on. */
  cacheFile?: string;
}

export interface ProjectModels {
  /** The files the run reports on (the shard's, or all). */
  files: string[];
  /** Every parsed model, sorted by path (the analysis needs the pulled-in ones too); read from the cache when first asked for. */
  readonly models: FileModel[];
  /** Parse problems of the parsed files the run reports on. */
  problems: Pick<FileModel, 'path' | 'problems'>[];
  /** True for a file the run reports on. */
  reports(file: string): boolean;
  failures: FileFailure[];
  stats: ScanStats;
  /** Things to tell the user that are not about a file (a cache that could not be written). */
  notes: string[];
  /**
   * With `--cache`: what the analysis gave in the last run over the same files, contents and `settings`
   * (rules, severities), when there was one. The cache is saved here when it is used, else by `remember`.
   */
  reuse(settings: unknown): unknown;
  remember(settings: unknown, value: unknown): void;
}

export async function projectModels(all: readonly string[], request: ModelsRequest): Promise<ProjectModels> {
  const files = request.shard ? shardFiles(all, request.shard) : [...all];
  const own = request.shard ? new Set(files) : undefined;
  const cacheFile = request.cache ? cacheFilePath(request.cwd, request.cache.location) : undefined;
  const cache =
    cacheFile === undefined
      ? undefined
      : FileCache.load(
          cacheFile,
          cacheKey({ version: toolVersion(), frontend: request.frontend, maxFileSize: request.maxFileSize, prefilter: request.prefilter !== false }),
        );
  const built = await buildModels(all, {
    cwd: request.cwd,
    maxFileSize: request.maxFileSize,
    frontend: request.frontend,
    threads: request.threads ?? defaultThreads(),
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    prefilter: request.prefilter !== false,
    cache,
    own,
    onProgress: request.onProgress,
  });
  const notes: string[] = [];
  const reports = own ? (file: string) => own.has(file) : () => true;
  const save = () => {
    try {
      cache?.save();
    } catch (error) {
      notes.push(`cannot write the cache ${cacheFile}: ${(error as Error).message}`);
    }
  };
  // The whole run is the same when every file's content is (the failures' reasons included) and the rules are.
  const runKey = (settings: unknown) => createHash('sha1').update(JSON.stringify([settings, built.contentKey])).digest('hex');
  let models: FileModel[] | undefined;
  return {
    files,
    get models() {
      return (models ??= built.parsed.map((p) => p.model()));
    },
    problems: built.parsed.filter((p) => reports(p.path)).map((p) => ({ path: p.path, problems: p.problems })),
    reports,
    failures: built.failures,
    stats: { ...built.stats, ...(cacheFile ? { cacheFile } : {}) },
    notes,
    reuse(settings) {
      const value = cache?.lastRun(runKey(settings));
      if (value !== undefined) save();
      return value;
    },
    remember(settings, value) {
      cache?.rememberRun(runKey(settings), value);
      save();
    },
  };
}

/**
 * The texts of the files with findings (code frames), read again now that the run is over, and only
 * when a reporter asks for one: machine formats (JSON, SARIF) never do.
 */
export function sourcesOf(files: Iterable<string>, cwd: string, maxFileSize: number): Map<string, string> {
  return new SourceTexts(files, (file) => {
    const raw = readBytesSync(resolve(cwd, file), maxFileSize);
    const read = raw.ok ? textOf(raw.bytes) : undefined;
    return read?.ok ? read.text : undefined;
  });
}

/** A Map of file → text whose texts are read on first use (all of them when it is iterated). */
class SourceTexts extends Map<string, string> {
  readonly #pending: Set<string>;
  readonly #read: (file: string) => string | undefined;

  constructor(files: Iterable<string>, read: (file: string) => string | undefined) {
    super();
    this.#pending = new Set(files);
    this.#read = read;
  }

  #load(file: string): void {
    if (!this.#pending.delete(file)) return;
    const text = this.#read(file);
    if (text !== undefined) super.set(file, text);
  }

  #loadAll(): void {
    for (const file of [...this.#pending]) this.#load(file);
  }

  override get(file: string): string | undefined {
    this.#load(file);
    return super.get(file);
  }

  override has(file: string): boolean {
    this.#load(file);
    return super.has(file);
  }

  override get size(): number {
    this.#loadAll();
    return super.size;
  }

  override entries(): MapIterator<[string, string]> {
    this.#loadAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.#loadAll();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.#loadAll();
    return super.values();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.#loadAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}
