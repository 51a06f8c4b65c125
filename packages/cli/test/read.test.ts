import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText, looksBinary, readSource } from '../src/read.js';

const dir = mkdtempSync(join(tmpdir(), 'tocscan-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readSource', () => {
  it('reads UTF-8 text and drops a BOM', async () => {
    expect(await readSource(file('a.ts', '\uFEFFconst café = 1;\n'), 1000)).toEqual({ ok: true, text: 'const café = 1;\n' });
  });

  it('decodes legacy Latin-1 files byte for byte', async () => {
    const bytes = Buffer.from('<?php // d\xe9j\xe0 vu\n$q = "SELECT 1";\n', 'latin1');
    expect(await readSource(file('legacy.php', bytes), 1000)).toEqual({ ok: true, text: '<?php // déjà vu\n$q = "SELECT 1";\n' });
  });

  it('refuses files over the size limit', async () => {
    const r = await readSource(file('big.js', 'x'.repeat(3000)), 2048);
    expect(r).toMatchObject({ ok: false, kind: 'too-large' });
    expect(!r.ok && r.message).toContain('2.9 KB, limit 2 KB');
  });

  it('refuses binary files', async () => {
    expect(await readSource(file('img.js', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a])), 1000)).toMatchObject({ ok: false, kind: 'binary' });
  });

  it('reports what cannot be read', async () => {
    expect(await readSource(join(dir, 'missing.ts'), 1000)).toMatchObject({ ok: false, kind: 'unreadable', message: expect.stringContaining('ENOENT') });
    mkdirSync(join(dir, 'folder.ts'));
    expect(await readSource(join(dir, 'folder.ts'), 1000)).toMatchObject({ ok: false, kind: 'unreadable', message: expect.stringContaining('not a regular file') });
  });
});

describe('looksBinary / decodeText', () => {
  it('treats a NUL in the first 8 KB as binary, not one after', () => {
    expect(looksBinary(new Uint8Array([65, 0, 66]))).toBe(true);
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    expect(looksBinary(late)).toBe(false);
  });

  it('treats mostly invalid UTF-8 as binary, a few stray bytes as text', () => {
    expect(looksBinary(new Uint8Array(200).fill(0xff))).toBe(true);
    expect(looksBinary(Buffer.from(`${'a'.repeat(100)}\xe9${'b'.repeat(100)}`, 'latin1'))).toBe(false);
    expect(looksBinary(new Uint8Array(0))).toBe(false);
  });

  it('does not count a multi-byte character cut by the sample as invalid', () => {
    const bytes = Buffer.from(`${'é'.repeat(4096)}`, 'utf8');
    expect(looksBinary(bytes)).toBe(false);
    expect(decodeText(bytes)).toBe('é'.repeat(4096));
  });
});
