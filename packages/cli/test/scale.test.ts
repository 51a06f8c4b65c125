/**
 * The built binary over a few hundred files (enough for the worker pool): the report does not depend on
 * the thread count, shards merged with `tocscan merge` give the full run's log, and merge rejects what
 * is not SARIF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOL_MIN_FILES } from '../src/pool/engine.js';
import { sarifValidator } from './sarif-schema.js';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliDir, '..', '..');
const bin = join(cliDir, 'bin', 'tocscan.js');

let root: string;
const runs: Record<string, { status: number | null; stdout: string; stderr: string }> = {};

function tocscan(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  const dist = join(cliDir, 'dist');
  if (!existsSync(join(dist, 'main.js')) || newestMtime(dist) < newestMtime(join(cliDir, 'src'))) {
    execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'pipe', timeout: 240_000 });
  }
  root = mkdtempSync(join(tmpdir(), 'tocscan-scale-'));
  // Three copies of the fixtures: more files than the pool threshold, same-named helpers in several files.
  for (const copy of ['a', 'b', 'c']) cpSync(join(repoRoot, 'fixtures'), join(root, copy), { recursive: true });
  runs.one = tocscan(['--format', 'sarif', '--preset', 'strict', '--threads', '1']);
  runs.two = tocscan(['--format', 'sarif', '--preset', 'strict', '--threads', '2']);
  runs.shard1 = tocscan(['--format', 'sarif', '--preset', 'strict', '--shard', '1/2', '-o', 'shard-1.sarif']);
  runs.shard2 = tocscan(['--format', 'sarif', '--preset', 'strict', '--shard', '2/2', '-o', 'shard-2.sarif']);
  runs.merge = tocscan(['merge', 'shard-1.sarif', 'shard-2.sarif', '-o', 'merged.sarif']);
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('threads, shards and merge', () => {
  it('gives the same report with one thread and with a pool of two', () => {
    expect(3 * readdirSync(join(repoRoot, 'fixtures'), { recursive: true }).length).toBeGreaterThan(POOL_MIN_FILES);
    expect(runs.one.status).toBe(1);
    expect(runs.one.stderr).toBe('');
    expect(runs.two.stderr).toBe('');
    expect(runs.two.stdout).toBe(runs.one.stdout);
    const log = JSON.parse(runs.one.stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(150);
  });

  it('merges the shards into the full run’s log', () => {
    expect([runs.shard1.status, runs.shard2.status, runs.merge.status]).toEqual([1, 1, 0]);
    expect(runs.merge.stdout + runs.merge.stderr).toBe('');
    const full = JSON.parse(runs.one.stdout);
    const parts = ['shard-1.sarif', 'shard-2.sarif'].map((f) => JSON.parse(readFileSync(join(root, f), 'utf8')));
    expect(parts.every((p) => p.runs[0].results.length > 0)).toBe(true);
    const merged = JSON.parse(readFileSync(join(root, 'merged.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(merged), JSON.stringify(validate.errors)).toBe(true);
    expect(merged.runs[0].results).toEqual(full.runs[0].results);
    expect(merged.runs[0].invocations[0].toolExecutionNotifications).toEqual(full.runs[0].invocations[0].toolExecutionNotifications);
    expect(merged.runs[0].tool.driver.rules).toEqual(full.runs[0].tool.driver.rules);
  });

  it('merge: writes to stdout, and exits 2 on a file that is not SARIF', () => {
    const out = tocscan(['merge', 'shard-1.sarif']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).runs[0].results).toEqual(JSON.parse(readFileSync(join(root, 'shard-1.sarif'), 'utf8')).runs[0].results);
    writeFileSync(join(root, 'notes.json'), '{"version": "1.0"}');
    expect(tocscan(['merge', 'shard-1.sarif', 'notes.json'])).toMatchObject({ status: 2, stdout: '', stderr: 'tocscan merge: notes.json is not a SARIF 2.1.0 log.\n' });
    expect(tocscan(['merge', 'missing.sarif']).stderr).toMatch(/^tocscan merge: Cannot read missing\.sarif: /);
    expect(tocscan(['merge']).status).toBe(2);
    expect(tocscan(['--shard', '3/2']).stderr).toMatch(/--shard 3\/2: i must be between 1 and n/);
    expect(tocscan(['--threads', '0']).status).toBe(2);
  });
});
