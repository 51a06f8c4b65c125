/**
 * Where file tasks run: in a tinypool of worker threads, one for small runs and `--threads` (by default
 * one fewer than the cores) for large ones. The answer for a file is the same either way (tasks are
 * pure functions of the file's bytes and the options), so the report does not depend on the thread
 * count.
 *
 * Parsing always happens off the main thread, because only a worker can be stopped: a parser can loop
 * forever on a broken file (php-parser does on some, see docs/guides/performance.md). Each worker
 * applies the per-file budget itself; a worker still busy well past it is terminated and the file
 * reported as too slow; a worker that dies (out of memory, a crash in a dependency) costs only the
 * file it was working on. Run from the TypeScript sources (the tests) there is no compiled worker:
 * the main thread does the work, and the budget is applied when a task returns.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { runTask, timeoutMessage, type FileOutcome, type FileTask } from './task.js';

/** Below this many files one worker does the work: more would cost more (starting, loading parsers) than they save. */
export const POOL_MIN_FILES = 250;
/** The grace a worker gets past the budget, at least: it may be loading the parsers. */
const MIN_GRACE_MS = 3000;
/**
 * Old-generation limit per worker. V8 grows a heap well past what it needs when allowed to: 512 MB keeps
 * a large project's run near 300 MB with one worker (about 450 MB with two), and reads a 5 MB file. A
 * file that needs more stops its worker; it is read again alone in a worker allowed BIG_WORKER_HEAP_MB.
 */
const WORKER_HEAP_MB = 512;
const BIG_WORKER_HEAP_MB = 4096;
/** The parsers recurse per nesting level: 32 MB of stack reads code nested 5,000 levels deep (4 MB: a few hundred). */
const WORKER_STACK_MB = 32;
/** Young generation per worker (three semi-spaces): more is hardly faster here, and bigger. */
const WORKER_YOUNG_MB = 32;

export interface Engine {
  /** How many batches to keep in flight. */
  readonly concurrency: number;
  /** Worker threads in use (0: the main thread does the work). */
  readonly threads: number;
  /**
   * The outcomes of a batch of tasks, in order. A batch is one round trip to a worker (per-file round
   * trips leave a worker waiting on the main thread a sixth of the time); when it is stopped (a file
   * hangs) or its worker dies, its files are run one by one, so only the culprit is reported.
   */
  run(tasks: FileTask[]): Promise<FileOutcome[]>;
  close(): Promise<void>;
}

/** Files per batch: small enough to balance the workers at the end of a run. */
export const BATCH_FILES = 16;

/**
 * The default worker count: one fewer than the cores the process may use (at least one). The main
 * thread and V8's garbage-collector threads keep the last core busy: on a 2-core machine a second
 * parsing worker costs 40% more CPU time and 150 MB for no shorter run (packages/bench/README.md).
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

const WORKER = new URL('./worker.js', import.meta.url);

/** How many workers for `fileCount` files: one for small runs. */
function workersFor(threads: number, fileCount: number): number {
  return fileCount < POOL_MIN_FILES ? 1 : Math.max(1, threads);
}

/**
 * Batches in flight: two per worker, so a worker finds its next batch waiting when it hands one back
 * instead of waiting for the main thread to take in the results.
 */
export function engineConcurrency(threads: number, fileCount: number): number {
  return 2 * workersFor(threads, fileCount);
}

/** `threads` workers for `fileCount` files (one for small runs); the main thread when run from the sources. */
export function createEngine(threads: number, fileCount: number): Engine {
  if (!existsSync(fileURLToPath(WORKER))) return inProcess();
  return pooled(workersFor(threads, fileCount), WORKER);
}

function inProcess(): Engine {
  return {
    concurrency: 1,
    threads: 0,
    run: async (tasks) => {
      const out: FileOutcome[] = [];
      for (const task of tasks) out.push(await runTask(task));
      return out;
    },
    close: async () => {},
  };
}

/** A pool of `threads` workers running `worker` (a module whose default export runs a batch of FileTasks). */
export function pooled(threads: number, worker: URL, heapMb = WORKER_HEAP_MB): Engine {
  const pool = new Tinypool({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB, stackSizeMb: WORKER_STACK_MB },
  });
  // A worker that fails between tasks is replaced by tinypool; its error has no file to be reported on.
  pool.on('error', () => {});
  // At most two batches per worker are handed to tinypool: a batch's clock starts at most one batch
  // before a worker takes it (a safety net for hangs: the per-file budget is applied in the worker).
  let free = 2 * threads;
  const waiting: (() => void)[] = [];
  const acquire = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  /** The batch's outcomes, or why the worker did not give them. */
  const attempt = async (tasks: FileTask[]): Promise<FileOutcome[] | { stopped: 'timeout' | 'died' | 'memory'; detail: string }> => {
    await acquire();
    const budget = Math.max(...tasks.map((t) => t.timeoutMs));
    const controller = new AbortController();
    const timer = budget > 0 ? setTimeout(() => controller.abort(), 2 * (budget + Math.max(MIN_GRACE_MS, budget))) : undefined;
    try {
      return (await pool.run(tasks, { signal: controller.signal })) as FileOutcome[];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      return {
        stopped: controller.signal.aborted ? 'timeout' : code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'died',
        detail: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
      release();
    }
  };
  return {
    concurrency: 2 * threads,
    threads,
    async run(tasks) {
      const batch = await attempt(tasks);
      if (Array.isArray(batch)) return batch;
      if (tasks.length > 1) {
        const out: FileOutcome[] = [];
        for (const task of tasks) out.push(...(await this.run([task])));
        return out;
      }
      if (batch.stopped === 'memory' && heapMb < BIG_WORKER_HEAP_MB) {
        const big = pooled(1, worker, BIG_WORKER_HEAP_MB);
        try {
          return await big.run(tasks);
        } finally {
          await big.close();
        }
      }
      return [
        batch.stopped === 'timeout'
          ? { status: 'failed', kind: 'timeout', message: timeoutMessage(tasks[0].timeoutMs) }
          : { status: 'failed', kind: 'internal', message: `Internal error: the worker analysing this file stopped (please report it): ${batch.detail}` },
      ];
    },
    close: () => pool.destroy(),
  };
}
