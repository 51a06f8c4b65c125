/**
 * The worker pool's safety net, with a stand-in worker (plain JS, so it runs without a build): a batch
 * past twice its budget has its worker stopped and its files run one by one, so only the file that
 * hangs is reported as too slow; a worker that dies costs only its own file; the other files go on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { pooled } from '../src/pool/engine.js';
import type { FileTask } from '../src/pool/task.js';

const dir = mkdtempSync(join(tmpdir(), 'tocscan-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const worker = join(dir, 'worker.mjs');
writeFileSync(
  worker,
  `export default async function (tasks) {
  const out = [];
  for (const task of tasks) {
    if (task.file === 'hang') for (;;) {}
    if (task.file === 'die') return new Promise(() => setTimeout(() => { throw new Error('out of luck'); }));
    if (task.file === 'hog') globalThis.kept = Array.from({ length: 40 }, () => new Array(1e6).fill(task.file));
    out.push({ status: 'probed', signals: false, names: task.file, calls: '' });
  }
  return out;
}
`,
);

const task = (file: string, timeoutMs = 100): FileTask => ({
  file,
  absolute: file,
  lang: 'ts',
  maxFileSize: 1000,
  frontend: {},
  mode: 'probe',
  parseSignalled: true,
  prefilter: true,
  hash: false,
  timeoutMs,
});

it('stops a worker that runs past its budget, survives a worker that dies, and goes on', async () => {
  const engine = pooled(2, pathToFileURL(worker));
  try {
    const started = performance.now();
    const outcomes = (await Promise.all([['a', 'hang', 'b'], ['die', 'c']].map((batch) => engine.run(batch.map((f) => task(f)))))).flat();
    expect(outcomes).toEqual([
      { status: 'probed', signals: false, names: 'a', calls: '' },
      { status: 'failed', kind: 'timeout', message: 'Skipped: took longer than 0.1 s to analyse (see --timeout).' },
      { status: 'probed', signals: false, names: 'b', calls: '' },
      { status: 'failed', kind: 'internal', message: expect.stringMatching(/^Internal error: the worker analysing this file stopped \(please report it\): /) },
      { status: 'probed', signals: false, names: 'c', calls: '' },
    ]);
    // Stopped at twice the budget or after the 3 s grace (the batch, then the file alone), not after the 30 s default.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await engine.run([task('d')])).toEqual([{ status: 'probed', signals: false, names: 'd', calls: '' }]);
  } finally {
    await engine.close();
  }
}, 30_000);

it('reads a file that needs more memory than a worker has again, alone, in a bigger worker', async () => {
  const engine = pooled(1, pathToFileURL(worker), 64);
  try {
    expect(await engine.run([task('a'), task('hog')])).toEqual([
      { status: 'probed', signals: false, names: 'a', calls: '' },
      { status: 'probed', signals: false, names: 'hog', calls: '' },
    ]);
  } finally {
    await engine.close();
  }
}, 30_000);
