/**
 * Where file tasks run: in the main thread, or in a tinypool of worker threads. The answer for a file
 * is the same either way (tasks are pure functions of the file's bytes and the options), so the report
 * does not depend on the thread count.
 *
 * A worker that runs past the per-file budget (plus a grace period for loading the parsers) is
 * terminated and the file reported as too slow; a worker that dies (out of memory, a crash in a
 * dependency) costs only the file it was working on. In the main thread a task cannot be stopped:
 * the budget is applied when it returns.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import { runTask, timeoutMessage, type FileOutcome, type FileTask } from './task.js';

/** Below this many files a pool costs more (starting workers, loading parsers twice) than it saves. */
export const POOL_MIN_FILES = 250;
/** A worker is stopped at twice the budget, and never before this: it may be loading the parsers. */
const MIN_GRACE_MS = 3000;
/** Heap limit per worker: a pathological file costs its worker, never the run. */
const WORKER_HEAP_MB = 2048;

export interface Engine {
  /** How many tasks to keep in flight. */
  readonly concurrency: number;
  /** Worker threads in use (0: the main thread does the work). */
  readonly threads: number;
  run(task: FileTask): Promise<FileOutcome>;
  close(): Promise<void>;
}

/** The default thread count: one per core the process may use. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** `threads` workers for `fileCount` files, or the main thread when a pool would not pay off. */
export function createEngine(threads: number, fileCount: number): Engine {
  if (threads <= 1 || fileCount < POOL_MIN_FILES) return inProcess();
  return pooled(threads, new URL('./worker.js', import.meta.url));
}

function inProcess(): Engine {
  return { concurrency: 1, threads: 0, run: runTask, close: async () => {} };
}

/** A pool of `threads` workers running `worker` (a module whose default export runs a FileTask). */
export function pooled(threads: number, worker: URL): Engine {
  const pool = new Tinypool({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    // Young-generation room: parsers allocate many short-lived nodes (DESIGN §5: 15–25% faster).
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 192 },
  });
  // A worker that fails between tasks is replaced by tinypool; its error has no file to be reported on.
  pool.on('error', () => {});
  // At most one task per worker is handed to tinypool, so a task's clock starts when a worker takes it.
  let free = threads;
  const waiting: (() => void)[] = [];
  const acquire = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    concurrency: threads,
    threads,
    async run(task) {
      await acquire();
      const controller = new AbortController();
      const timer = task.timeoutMs > 0 ? setTimeout(() => controller.abort(), task.timeoutMs + Math.max(MIN_GRACE_MS, task.timeoutMs)) : undefined;
      try {
        return (await pool.run(task, { signal: controller.signal })) as FileOutcome;
      } catch (error) {
        if (controller.signal.aborted) return { status: 'failed', kind: 'timeout', message: timeoutMessage(task.timeoutMs) };
        const detail = error instanceof Error ? error.message : String(error);
        return { status: 'failed', kind: 'internal', message: `Internal error: the worker analysing this file stopped (please report it): ${detail}` };
      } finally {
        clearTimeout(timer);
        release();
      }
    },
    close: () => pool.destroy(),
  };
}
