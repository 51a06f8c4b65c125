/**
 * Filesystem faults: each is reported and the run goes on. A symbolic-link loop, a link to itself, a
 * file deleted while the scan runs, paths with spaces and non-ASCII names, a directory named `x.php`,
 * and (run as an unprivileged user, since root reads everything) unreadable files and directories.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSarif } from '../src/reporters/sarif.js';
import { scan } from '../src/scan.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(repoRoot, 'packages/cli/bin/tocscan.js');
const race = (lang: 'php' | 'ts') => join(repoRoot, lang === 'php' ? 'fixtures/php/legacy-buy-mysql.php' : 'fixtures/ts/signup-duplicate-email.ts');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tocscan-fs-'));
  mkdirSync(join(root, 'src/with space'), { recursive: true });
  mkdirSync(join(root, 'src/x.php'), { recursive: true });
  mkdirSync(join(root, 'src/locked'), { recursive: true });
  cpSync(race('php'), join(root, 'src/with space/café.php'));
  cpSync(race('ts'), join(root, 'src/x.php/inner.ts'));
  cpSync(race('php'), join(root, 'src/locked/hidden.php'));
  cpSync(race('php'), join(root, 'src/secret.php'));
  for (const name of ['a', 'b', 'c']) cpSync(race('php'), join(root, `src/${name}.php`));
  symlinkSync('..', join(root, 'src/loop'));
  symlinkSync('self.php', join(root, 'src/self.php'));
});
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+rwX', root]);
  rmSync(root, { recursive: true, force: true });
});

const kinds = (errors: { file: string; kind: string }[]) => Object.fromEntries(errors.map((e) => [e.file, e.kind]));

describe('filesystem faults', () => {
  it('reports a link loop once, a link to itself, and scans every file once, whatever its name', async () => {
    const r = await scan(['src'], { cwd: root, preset: 'recommended', maxFileSize: 5_000_000 });
    expect(r.files).toEqual(['src/a.php', 'src/b.php', 'src/c.php', 'src/locked/hidden.php', 'src/secret.php', 'src/self.php', 'src/with space/café.php', 'src/x.php/inner.ts']);
    expect(kinds(r.errors)).toEqual({ 'src/loop': 'symlink-loop', 'src/self.php': 'unreadable' });
    expect(r.errors.find((e) => e.file === 'src/self.php')?.message).toMatch(/ELOOP/);
    expect(new Set(r.findings.map((f) => f.file))).toEqual(new Set(r.files.filter((f) => f !== 'src/self.php')));
    const uris = toSarif({ version: '1', root, preset: 'recommended', ...r }).runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('src/with%20space/caf%C3%A9.php');
    // A directory named like a source file is walked into when named, never read.
    expect((await scan(['src/x.php'], { cwd: root, preset: 'recommended', maxFileSize: 5_000_000 })).files).toEqual(['src/x.php/inner.ts']);
  });

  it('reports a file deleted while the scan runs, and goes on', async () => {
    const victim = join(root, 'src/c.php');
    // `keep` is asked about each discovered file before any is read: the file goes between the two.
    const r = await scan(['src/a.php', 'src/b.php', 'src/c.php'], {
      cwd: root,
      preset: 'recommended',
      maxFileSize: 5_000_000,
      keep: (file) => {
        if (file === 'src/c.php') unlinkSync(victim);
        return true;
      },
    });
    cpSync(race('php'), victim);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'src/c.php', kind: 'unreadable', message: expect.stringMatching(/^Cannot read file \(ENOENT/) })]);
    expect(r.findings.map((f) => f.file)).toEqual(['src/a.php', 'src/b.php']);
  });

  it('reports unreadable files and directories (as an unprivileged user)', () => {
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (asNobody.length && !existsSync('/usr/bin/setpriv')) {
      console.warn('SKIPPED: running as root without setpriv, permissions cannot be tested');
      return;
    }
    spawnSync('chmod', ['-R', 'a+rX', root]);
    chmodSync(join(root, 'src/locked'), 0o000);
    chmodSync(join(root, 'src/secret.php'), 0o000);
    const [cmd, ...args] = [...asNobody, process.execPath, bin, 'src', '--format', 'json'];
    const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
    chmodSync(join(root, 'src/locked'), 0o755);
    chmodSync(join(root, 'src/secret.php'), 0o644);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { files: string[]; errors: { file: string; kind: string; message: string }[]; findings: { file: string }[] };
    expect(kinds(out.errors)).toEqual({ 'src/locked': 'unreadable', 'src/loop': 'symlink-loop', 'src/secret.php': 'unreadable', 'src/self.php': 'unreadable' });
    expect(out.errors.find((e) => e.file === 'src/locked')?.message).toMatch(/^Cannot read directory \(EACCES/);
    expect(out.errors.find((e) => e.file === 'src/secret.php')?.message).toMatch(/^Cannot read file \(EACCES/);
    expect(out.findings.length).toBeGreaterThanOrEqual(4);
  });
});
