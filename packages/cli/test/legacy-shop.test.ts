/**
 * The fixture project fixtures/projects/legacy-shop (a configuration, a baseline, suppressions) through
 * the real binary, in a copy of it; the JSON outputs are pinned in its expected/ folder (versions
 * replaced by `<version>`). See its README.md for what each file shows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifValidator } from './sarif-schema.js';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliDir, '..', '..');
const bin = join(cliDir, 'bin', 'tocscan.js');
const fixture = join(repoRoot, 'fixtures/projects/legacy-shop');

let root: string;
beforeAll(() => {
  if (!existsSync(join(cliDir, 'dist', 'main.js'))) execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'pipe' });
  root = mkdtempSync(join(tmpdir(), 'tocscan-legacy-shop-'));
  cpSync(fixture, root, { recursive: true });
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tocscan(args: string[]) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const normalise = (json: string) => JSON.parse(json.replace(/"version": "[^"]*"/g, '"version": "<version>"'));
const expected = (name: string) => JSON.parse(readFileSync(join(fixture, 'expected', name), 'utf8'));

describe('fixtures/projects/legacy-shop', () => {
  it('reports only what is new, with the configuration, the baseline and the suppressions applied', () => {
    const r = tocscan(['--format', 'json', '--report-unused-suppressions']);
    expect(r.status).toBe(1);
    expect(normalise(r.stdout)).toEqual(expected('report.json'));
    expect(r.stderr).toBe(
      'tocscan: 2 known findings hidden by the baseline tocscan-baseline.json; 1 of its entries no longer occur (fixed): run tocscan --generate-baseline to remove them.\n',
    );
  });

  it('gives what the expected file pins without the configuration', () => {
    const r = tocscan(['--no-config', '--preset', 'strict', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(normalise(r.stdout)).toEqual(expected('no-config.json'));
  });

  it('gives valid SARIF, with the suppression findings described as rules', () => {
    const r = tocscan(['--format', 'sarif', '--report-unused-suppressions']);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['check-then-act', 'suppression-without-reason', 'unused-suppression']);
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('unused-suppression');
    expect(run.tool.driver.rules.find((x: { id: string }) => x.id === 'unused-suppression').helpUri).toMatch(/docs\/rules\/unused-suppression\.md$/);
  });

  it('regenerates the baseline: the fixed entry is gone, the new finding is in', () => {
    const r = tocscan(['--generate-baseline', 'qa/new-baseline.json']);
    expect(r).toEqual({ status: 0, stdout: 'tocscan: baseline qa/new-baseline.json written: 3 findings in 3 entries.\n', stderr: '' });
    expect(JSON.parse(readFileSync(join(root, 'qa/new-baseline.json'), 'utf8'))).toEqual(
      // Written next to qa/, so its paths start with ../
      {
        ...expected('regenerated-baseline.json'),
        entries: expected('regenerated-baseline.json').entries.map((e: { file: string }) => ({ ...e, file: `../${e.file}` })),
      },
    );
  });
});
