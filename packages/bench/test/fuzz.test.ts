/**
 * The quick fuzz run (`npm run fuzz` is the full one): mutated fixtures and pathological files through
 * the engine, the binary, the ESLint rules and the fixers. Runs the built harness (`npm test` builds
 * first): its checks run in worker threads, which need compiled files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const harness = fileURLToPath(new URL('../dist/fuzz/run.js', import.meta.url));

it('survives mutated and pathological input: no crash, no hang, no fix that breaks the code', async () => {
  if (!existsSync(harness)) throw new Error('packages/bench is not built: run `npx tsc -b` (npm test does).');
  const { failures, QUICK, runFuzz } = (await import(harness)) as typeof import('../src/fuzz/run.js');
  const report = await runFuzz(QUICK);
  expect(failures(report)).toEqual([]);
  expect(report.cases).toBeGreaterThanOrEqual(40);
  expect(report.engine.files).toBe(report.cases);
  // Every nesting-5000 file is read (a worker has the stack for it) or reported, never a crash.
  expect(Object.keys(report.engine.pathological).length).toBe(10);
  expect(report.eslint.files).toBeGreaterThanOrEqual(20);
  expect(report.fixers.files).toBe(report.cases);
}, 120_000);
