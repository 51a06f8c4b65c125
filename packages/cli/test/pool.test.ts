/**
 * The worker pool's safety net, with a stand-in worker (plain JS, so it runs without a build): a task
 * past twice its budget has its worker stopped and is reported as too slow; a worker that dies costs
 * only its own file; the other tasks go on.
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
  `export default async function (task) {
  if (task.file === 'hang') for (;;) {}
  if (task.file === 'die') return new Promise(() => setTimeout(() => { throw new Error('out of luck'); }));
  return { status: 'probed', signals: false, names: [task.file], calls: [] };
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
    const outcomes = await Promise.all(['a', 'hang', 'b', 'die', 'c'].map((f) => engine.run(task(f))));
    expect(outcomes).toEqual([
      { status: 'probed', signals: false, names: ['a'], calls: [] },
      { status: 'failed', kind: 'timeout', message: 'Skipped: took longer than 0.1 s to analyse (see --timeout).' },
      { status: 'probed', signals: false, names: ['b'], calls: [] },
      { status: 'failed', kind: 'internal', message: expect.stringMatching(/^Internal error: the worker analysing this file stopped \(please report it\): /) },
      { status: 'probed', signals: false, names: ['c'], calls: [] },
    ]);
    // Stopped at twice the budget or after the 3 s grace, not after the 30 s default.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await engine.run(task('d'))).toEqual({ status: 'probed', signals: false, names: ['d'], calls: [] });
  } finally {
    await engine.close();
  }
}, 30_000);
