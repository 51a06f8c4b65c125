/**
 * `--cache`: what each file gave last time, keyed by its content hash, in one file (`.tocscancache`
 * by default, like ESLint's `.eslintcache`): the prefilter's answer, the names it defines and calls,
 * its FileModel (kept serialized, read only when the analysis needs it), or why it could not be read.
 * The whole cache is valid only for the same tool version, Node.js version and the options that change
 * what a file gives (dialect, frontend settings, size limit, prefilter).
 *
 * A file whose size and modification time match its entry is taken without being read; otherwise it
 * is read and hashed, and its entry is used when the content is unchanged. When no file of the run has
 * changed, the findings of the last run with the same rules and severities are taken as they are; one
 * changed file is parsed again and the analysis runs again on the models (helpers resolve across files).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileModel, ParseProblem } from '@tocscan/core';
import type { FailureKind } from '../pool/task.js';

export const DEFAULT_CACHE_FILE = '.tocscancache';
/** Bumped when an entry's shape or the meaning of a model changes. */
const FORMAT = 3;

/** A parsed file as kept: the model serialized, and what a run needs without reading it. */
export interface ParsedEntry {
  model: Uint8Array;
  problems: ParseProblem[];
  /** Relevance names of the model (pool/relevance.ts). */
  candidates: string[];
  targets: string[];
}

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  signals: boolean;
  /** Names the file may define, and those of them it also calls, `\n`-joined (kept for files that were not parsed). */
  names?: string;
  calls?: string;
  parsed?: ParsedEntry;
  /** A content-determined failure: binary, too large. */
  failure?: { kind: FailureKind; message: string };
}

/** What the analysis of a whole run gave, for a run whose files and rules are all the same. */
export interface RunRecord {
  key: string;
  value: unknown;
}

interface Stored {
  format: number;
  key: string;
  entries: Record<string, CacheEntry>;
  run?: RunRecord;
  /** The files pulled in for helpers (pool/relevance.ts) when all files' contents had `key`. */
  pulledIn?: RunRecord;
}

/** Failures that follow from the bytes alone are cached; others (unreadable, timeout, crash) are retried. */
export function isCacheableFailure(kind: FailureKind): boolean {
  return kind === 'binary' || kind === 'too-large';
}

/** The cache file for `--cache-location` (a directory gets `.tocscancache` inside it), relative to `cwd`. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  const target = resolve(cwd, location ?? DEFAULT_CACHE_FILE);
  const isDirectory = (() => {
    try {
      return statSync(target).isDirectory();
    } catch {
      return /[\\/]$/.test(location ?? '');
    }
  })();
  return isDirectory ? join(target, DEFAULT_CACHE_FILE) : target;
}

/** Everything the cached answers depend on besides the files' bytes. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha1')
    .update(JSON.stringify({ ...parts, node: process.versions.v8, format: FORMAT }))
    .digest('hex');
}

export function serializeModel(model: FileModel): Uint8Array {
  return serialize(model);
}

export function deserializeModel(bytes: Uint8Array): FileModel {
  return deserialize(bytes) as FileModel;
}

export class FileCache {
  private readonly next: Record<string, CacheEntry> = {};
  private run?: RunRecord;
  private pulledIn?: RunRecord;
  private changed = false;

  private constructor(
    readonly path: string,
    private readonly key: string,
    private readonly previous: Record<string, CacheEntry>,
    private readonly previousRun: RunRecord | undefined,
    private readonly previousPulledIn: RunRecord | undefined,
  ) {}

  /** The cache at `path` for `key`; empty when the file is missing, unreadable, corrupt or for other options. */
  static load(path: string, key: string): FileCache {
    try {
      const stored = readContainer(readFileSync(path));
      if (stored && stored.format === FORMAT && stored.key === key && stored.entries && typeof stored.entries === 'object') {
        return new FileCache(path, key, stored.entries, stored.run, stored.pulledIn);
      }
    } catch {
      // No usable cache: start afresh.
    }
    return new FileCache(path, key, {}, undefined, undefined);
  }

  /** The previous entry of a file, if any. */
  entry(file: string): CacheEntry | undefined {
    return Object.hasOwn(this.previous, file) ? this.previous[file] : undefined;
  }

  /** True when the file's size and mtime are those of its entry. */
  static fresh(entry: CacheEntry, stat: { size: number; mtimeMs: number }): boolean {
    return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs;
  }

  /** Records the entry for this run (files not recorded are dropped when the cache is saved). */
  set(file: string, entry: CacheEntry): void {
    this.next[file] = entry;
    if (this.previous[file] !== entry) this.changed = true;
  }

  /** What the last run with the same `key` (files, contents, rules) gave. */
  lastRun(key: string): unknown {
    return this.previousRun?.key === key ? this.previousRun.value : undefined;
  }

  rememberRun(key: string, value: unknown): void {
    this.run = { key, value };
    this.changed = true;
  }

  /** The files pulled in for helpers the last time every file had the contents `key` stands for. */
  lastPulledIn(key: string): string[] | undefined {
    return this.previousPulledIn?.key === key ? (this.previousPulledIn.value as string[]) : undefined;
  }

  rememberPulledIn(key: string, files: string[]): void {
    if (this.previousPulledIn?.key === key) return;
    this.pulledIn = { key, value: files };
    this.changed = true;
  }

  /** Writes the entries of this run, when anything changed (atomically: a temporary file renamed over the old one). */
  save(): void {
    const dropped = Object.keys(this.previous).some((file) => !Object.hasOwn(this.next, file));
    if (!this.changed && !dropped) return;
    const run = this.run ?? this.previousRun;
    const pulledIn = this.pulledIn ?? this.previousPulledIn;
    const stored: Stored = { format: FORMAT, key: this.key, entries: this.next, ...(run ? { run } : {}), ...(pulledIn ? { pulledIn } : {}) };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, writeContainer(stored));
      renameSync(tmp, this.path);
    } catch (error) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      throw error;
    }
  }
}

/*
 * The file: a 4-byte magic, the length of the index, the index (everything but the models, v8
 * serialized), then the models' bytes one after the other. Entries of the index point into that blob
 * (`parsed.model` is stored as [offset, length]), so loading the cache copies no model: each is a view
 * into the file's bytes, deserialized only if the analysis runs.
 */
const MAGIC = 0x74637331; // "tcs1"

type StoredIndex = Omit<Stored, 'entries'> & { entries: Record<string, Omit<CacheEntry, 'parsed'> & { parsed?: Omit<ParsedEntry, 'model'> & { model: [number, number] } }> };

function writeContainer(stored: Stored): Buffer {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const entries: StoredIndex['entries'] = {};
  for (const [file, entry] of Object.entries(stored.entries)) {
    if (!entry.parsed) {
      entries[file] = entry as StoredIndex['entries'][string];
      continue;
    }
    const bytes = entry.parsed.model;
    blobs.push(bytes);
    entries[file] = { ...entry, parsed: { ...entry.parsed, model: [offset, bytes.length] } };
    offset += bytes.length;
  }
  const index = serialize({ ...stored, entries } satisfies StoredIndex);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(MAGIC, 0);
  head.writeUInt32BE(index.length, 4);
  return Buffer.concat([head, index, ...blobs]);
}

function readContainer(buffer: Buffer): Stored | undefined {
  if (buffer.length < 8 || buffer.readUInt32BE(0) !== MAGIC) return undefined;
  const length = buffer.readUInt32BE(4);
  const index = deserialize(buffer.subarray(8, 8 + length)) as StoredIndex;
  const blob = buffer.subarray(8 + length);
  for (const entry of Object.values(index.entries ?? {})) {
    const ref = entry.parsed?.model;
    if (ref) (entry.parsed as unknown as ParsedEntry).model = blob.subarray(ref[0], ref[0] + ref[1]);
  }
  return index as unknown as Stored;
}

