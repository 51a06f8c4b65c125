/**
 * The work done for one file, the same in a worker thread and in the main thread: read it, hash it
 * (for the cache), run the literal prefilter, and parse it into a FileModel when it matters. Tasks and
 * outcomes are plain data (structured-clone friendly): they cross the thread boundary as they are.
 */
import { createHash } from 'node:crypto';
import { calledNames, definedNames, Prefilter, type FileModel, type Lang } from '@tocscan/core';
import { frontendFor, type FrontendOptions } from '../frontends.js';
import { readBytesSync, textOf } from './read-sync.js';

export interface FileTask {
  /** Path relative to the scan root (the model's path). */
  file: string;
  absolute: string;
  lang: Lang;
  maxFileSize: number;
  frontend: FrontendOptions;
  /**
   * `probe`: read and prefilter; parse at once when the file has SQL signals and `parseSignalled` is set.
   * `parse`: read and parse (a file the analysis pulled in).
   */
  mode: 'probe' | 'parse';
  parseSignalled: boolean;
  /** false: every file counts as having SQL signals (parse everything). */
  prefilter: boolean;
  /** Hash the content (the cache keys entries by it). */
  hash: boolean;
  /** The hash the cache holds for this file: when the content still has it, nothing else is done. */
  knownHash?: string;
  /** Per-file time budget in ms (0: none). */
  timeoutMs: number;
}

export type FailureKind = 'unreadable' | 'binary' | 'too-large' | 'internal' | 'timeout';

export type FileOutcome =
  | { status: 'model'; model: FileModel; signals: boolean; hash?: string }
  /** Read and prefiltered, not parsed: the names it may define, and those of them it also calls (each `\n`-joined). */
  | { status: 'probed'; signals: boolean; names: string; calls: string; hash?: string }
  /** The content hash is the one the cache holds. */
  | { status: 'unchanged'; hash: string }
  | { status: 'failed'; kind: FailureKind; message: string; hash?: string };

const prefilters = new Map<string, Prefilter>();

function prefilterFor(options: FrontendOptions): Prefilter {
  const key = JSON.stringify([options.queryFunctions ?? [], options.transactionFunctions ?? {}]);
  let p = prefilters.get(key);
  if (!p) prefilters.set(key, (p = new Prefilter(options)));
  return p;
}

export function timeoutMessage(timeoutMs: number): string {
  return `Skipped: took longer than ${formatSeconds(timeoutMs)} to analyse (see --timeout).`;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

export async function runTask(task: FileTask): Promise<FileOutcome> {
  const started = performance.now();
  const outcome = await work(task);
  if (task.timeoutMs > 0 && outcome.status === 'model' && performance.now() - started > task.timeoutMs) {
    // Over budget in a thread that could not be stopped (or only just): the same answer as a stopped one.
    return { status: 'failed', kind: 'timeout', message: timeoutMessage(task.timeoutMs), hash: outcome.hash };
  }
  return outcome;
}

async function work(task: FileTask): Promise<FileOutcome> {
  const raw = readBytesSync(task.absolute, task.maxFileSize);
  if (!raw.ok) return { status: 'failed', kind: raw.kind, message: raw.message };
  const hash = task.hash || task.knownHash !== undefined ? createHash('sha1').update(raw.bytes).digest('hex') : undefined;
  if (hash !== undefined && hash === task.knownHash) return { status: 'unchanged', hash };
  const read = textOf(raw.bytes);
  if (!read.ok) return { status: 'failed', kind: read.kind, message: read.message, hash };
  const text = read.text;
  const signals = !task.prefilter || prefilterFor(task.frontend).hasSqlSignals(text, task.lang);
  if (task.mode === 'probe' && !(signals && task.parseSignalled)) {
    const names = [...definedNames(text, task.lang)];
    const called = names.length > 0 ? calledNames(text, task.lang) : new Set<string>();
    return { status: 'probed', signals, names: names.join('\n'), calls: names.filter((n) => called.has(n)).join('\n'), hash };
  }
  const parse = await frontendFor(task.lang);
  try {
    return { status: 'model', model: parse(text, task.file, task.frontend), signals, hash };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const frontend = task.lang === 'php' ? 'PHP' : 'TypeScript';
    return { status: 'failed', kind: 'internal', message: `Internal error in the ${frontend} frontend (please report it): ${detail}`, hash };
  }
}
