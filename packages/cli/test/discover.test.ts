import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, UsageError } from '../src/discover.js';

let root: string;

function put(path: string, content = 'x'): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tocscan-discover-'));
  for (const f of [
    'src/b.ts', 'src/a.php', 'src/view.phtml', 'src/legacy.INC', 'src/c.mjs', 'src/d.cjs', 'src/e.jsx', 'src/f.tsx', 'src/g.mts', 'src/h.cts', 'src/i.js',
    'src/readme.md', 'src/generated/gen.ts', 'node_modules/pkg/index.js', 'vendor/lib/x.php', 'dist/out.js', '.hidden/h.ts', 'notes.txt',
  ]) put(f);
  put('.gitignore', 'src/generated/\n');
  symlinkSync('loop.ts', join(root, 'loop.ts'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discover', () => {
  it('expands directories to supported files, sorted, honouring .gitignore and the default ignores', async () => {
    expect(await discover(['.'], root)).toEqual({
      // loop.ts links to itself: listed, so that reading it reports the loop.
      files: ['.hidden/h.ts', 'loop.ts', 'src/a.php', 'src/b.ts', 'src/c.mjs', 'src/d.cjs', 'src/e.jsx', 'src/f.tsx', 'src/g.mts', 'src/h.cts', 'src/i.js', 'src/legacy.INC', 'src/view.phtml'],
      unsupported: [],
    });
  });

  it('scans explicitly named files whatever the ignores, and returns other file types apart', async () => {
    expect(await discover(['vendor/lib/x.php', 'src/generated/gen.ts', 'notes.txt', 'src/b.ts', join(root, 'src/b.ts')], root)).toEqual({
      files: ['src/b.ts', 'src/generated/gen.ts', 'vendor/lib/x.php'],
      unsupported: ['notes.txt'],
    });
  });

  it('expands a directory inside an ignored one when named', async () => {
    expect((await discover(['vendor'], root)).files).toEqual(['vendor/lib/x.php']);
  });

  it('matches globs from the working directory, keeping supported files only', async () => {
    expect((await discover(['src/*.{ts,md}', '**/*.php'], root)).files).toEqual(['src/a.php', 'src/b.ts']);
  });

  it('keeps a file that exists but cannot be followed, for the reader to report', async () => {
    expect((await discover(['loop.ts'], root)).files).toEqual(['loop.ts']);
  });

  it('fails on a missing path and on a glob that matches nothing', async () => {
    await expect(discover(['nope'], root)).rejects.toThrow(new UsageError('No such file or directory: nope'));
    await expect(discover(['**/*.rb'], root)).rejects.toThrow(UsageError);
  });
});
