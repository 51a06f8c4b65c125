/**
 * `--cache`: what each file gave last time (prefilter answer, defined names, FileModel, or why it could
 * not be read), keyed by its content hash, in one file (`.tocscancache` by default, like ESLint's
 * `.eslintcache`). The whole cache is valid only for the same tool version, Node.js version and
 * options that change what a file gives (dialect, frontend settings, size limit, prefilter); anything
 * else (preset, rules, format) applies after the analysis, which always runs on the cached models.
 *
 * A file whose size and modification time match its entry is taken without being read; otherwise it
 * is read and hashed, and its entry is used when the content is unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileModel } from '@tocscan/core';
import type { FailureKind } from '../pool/task.js';

export const DEFAULT_CACHE_FILE = '.tocscancache';
/** Bumped when an entry's shape or the meaning of a model changes. */
const FORMAT = 1;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  signals: boolean;
  /** Names the file may define, and those of them it also calls (kept for files that were not parsed). */
  names?: string[];
  calls?: string[];
  model?: FileModel;
  /** A content-determined failure: binary, too large. */
  failure?: { kind: FailureKind; message: string };
}

interface Stored {
  format: number;
  key: string;
  entries: Record<string, CacheEntry>;
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

/** Everything the cached answers depend on besides the file's bytes. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha1')
    .update(JSON.stringify({ ...parts, node: process.versions.v8, format: FORMAT }))
    .digest('hex');
}

export class FileCache {
  private readonly previous: Record<string, CacheEntry>;
  private readonly next: Record<string, CacheEntry> = {};
  /** Entries used or refreshed in this run. */
  hits = 0;

  private constructor(
    readonly path: string,
    private readonly key: string,
    previous: Record<string, CacheEntry>,
  ) {
    this.previous = previous;
  }

  /** The cache at `path` for `key`; empty when the file is missing, unreadable, corrupt or for other options. */
  static load(path: string, key: string): FileCache {
    try {
      const stored = deserialize(readFileSync(path)) as Stored;
      if (stored && stored.format === FORMAT && stored.key === key && stored.entries && typeof stored.entries === 'object') {
        return new FileCache(path, key, stored.entries);
      }
    } catch {
      // No usable cache: start afresh.
    }
    return new FileCache(path, key, {});
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
  }

  /** Writes the entries of this run (atomically: a temporary file renamed over the old one). */
  save(): void {
    const stored: Stored = { format: FORMAT, key: this.key, entries: this.next };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, serialize(stored));
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
