/**
 * Runs analyses or fix computations in one worker thread, one at a time, newest request per key.
 *
 * - A request whose key already has one waiting replaces it (the old one resolves `undefined`): a
 *   burst of edits costs one analysis, not one per keystroke.
 * - A request that is already running finishes (an analysis costs at most one parse) and the caller
 *   drops its result if the document moved on.
 * - A worker that crashes, runs out of memory or exceeds the time limit is replaced; the request
 *   that was running fails with an error the caller turns into a diagnostic.
 * - The worker's stdout/stderr never reach the LSP stream: they are forwarded to `log`.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisRequest, AnalysisResult, FixRequest, QuickFix, WorkerRequest, WorkerResponse } from './protocol.js';

export interface AnalyzerOptions {
  /** Kills and replaces the worker when one request runs longer than this. */
  timeoutMs: number;
  /** Heap limit of the worker: an out-of-memory analysis stops the worker, not the server. */
  maxHeapMb: number;
  log: (message: string) => void;
}

/** A WorkerRequest before it gets its id. */
type Work = { kind: 'analyze'; request: AnalysisRequest } | { kind: 'fix'; request: FixRequest };

interface Job {
  id: number;
  key: string;
  work: Work;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class Analyzer {
  private worker: Worker | undefined;
  private readonly waiting: Job[] = [];
  private running: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: AnalyzerOptions) {}

  /** Starts the worker ahead of the first request (it loads the parsers). */
  warmUp(): void {
    this.workerNow();
  }

  /** Analyses a document; resolves `undefined` when a newer request with the same key replaced it before it ran. */
  analyze(key: string, request: AnalysisRequest): Promise<AnalysisResult | undefined> {
    return this.enqueue(key, { kind: 'analyze', request }) as Promise<AnalysisResult | undefined>;
  }

  /** The verified quick fixes of `request.findings`, by index; `undefined` when replaced or forgotten before it ran. */
  fixes(key: string, request: FixRequest): Promise<QuickFix[][] | undefined> {
    return this.enqueue(key, { kind: 'fix', request }) as Promise<QuickFix[][] | undefined>;
  }

  /** Drops a waiting request (its document was closed, its client cancelled); a running one finishes and is ignored by its caller. */
  forget(key: string): void {
    const index = this.waiting.findIndex((j) => j.key === key);
    if (index >= 0) this.waiting.splice(index, 1)[0].resolve(undefined);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.waiting.splice(0)) job.resolve(undefined);
    this.finish()?.resolve(undefined);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private enqueue(key: string, work: Work): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error('the analyzer is shut down'));
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, key, work, resolve, reject };
      const index = this.waiting.findIndex((j) => j.key === key);
      if (index >= 0) {
        this.waiting[index].resolve(undefined);
        this.waiting.splice(index, 1);
      }
      this.waiting.push(job);
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.waiting.shift();
    if (!job) return;
    const worker = this.workerNow();
    const timer = setTimeout(() => this.timedOut(worker), this.options.timeoutMs);
    this.running = { job, timer };
    worker.postMessage({ id: job.id, ...job.work } satisfies WorkerRequest);
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL, {
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    });
    worker.stdout.setEncoding('utf8').on('data', (chunk: string) => this.options.log(`[worker stdout] ${chunk.trimEnd()}`));
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => this.options.log(`[worker stderr] ${chunk.trimEnd()}`));
    worker.on('message', (message: WorkerResponse) => this.answered(message));
    worker.on('error', (error) => this.failed(worker, `the analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => this.failed(worker, `the analysis worker stopped (exit code ${code})`));
    // An idle worker must not keep the process alive after `exit`.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answered(message: WorkerResponse): void {
    if (this.running?.job.id !== message.id) return;
    const job = this.finish()!;
    if ('result' in message) job.resolve(message.result);
    else job.reject(new Error(message.error));
    this.pump();
  }

  private timedOut(worker: Worker): void {
    if (worker !== this.worker) return;
    const seconds = this.options.timeoutMs / 1000;
    this.failed(worker, `the analysis took longer than ${seconds} s and was stopped`);
  }

  /** The worker is gone or must go: fail what it was running, replace it on the next request. */
  private failed(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    void worker.terminate();
    this.options.log(reason);
    this.finish()?.reject(new Error(reason));
    this.pump();
  }

  private finish(): Job | undefined {
    const running = this.running;
    if (!running) return undefined;
    clearTimeout(running.timer);
    this.running = undefined;
    return running.job;
  }
}
