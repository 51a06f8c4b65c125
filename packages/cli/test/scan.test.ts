/** The scan pipeline with the frontends replaced, so per-file problem handling is tested in isolation. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileModel, Lang } from '@tocscan/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const parseFile = vi.fn((lang: Lang, text: string, path: string, options: { dialect?: string }): FileModel => {
  if (text.includes('CRASH')) throw new Error('boom');
  const problems: FileModel['problems'] = [];
  if (text.includes('FATAL')) problems.push({ severity: 'fatal', message: 'Unexpected token', line: 2, column: 4 });
  if (text.includes('PARTIAL')) problems.push({ severity: 'syntax', message: 'Parse Error : syntax error', line: 3, column: 0 });
  return { path, lang, dialect: options.dialect as FileModel['dialect'], units: [], problems };
});

vi.mock('../src/frontends.js', () => ({
  frontendFor: async (lang: Lang) => (text: string, path: string, options: { dialect?: string }) => parseFile(lang, text, path, options),
}));

const { scan } = await import('../src/scan.js');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tocscan-scan-'));
  const files: Record<string, string> = {
    'app/ok.ts': 'export const a = 1;\n',
    'app/fatal.ts': 'x\nFATAL\n',
    'app/partial.php': '<?php\n\nPARTIAL\n',
    'app/crash.js': 'CRASH\n',
    'app/big.php': `<?php ${'x'.repeat(200)}\n`,
    'README.md': '# readme\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scan', () => {
  it('turns every per-file problem into a reported error and keeps going', async () => {
    const result = await scan(['app', 'README.md'], { cwd: root, preset: 'recommended', maxFileSize: 100, rules: [], prefilter: false });
    expect(result.files).toEqual(['app/big.php', 'app/crash.js', 'app/fatal.ts', 'app/ok.ts', 'app/partial.php']);
    expect(result.errors).toEqual([
      { file: 'README.md', kind: 'unsupported', severity: 'warning', message: expect.stringContaining('File ignored') },
      { file: 'app/big.php', kind: 'too-large', severity: 'warning', message: expect.stringContaining('too large') },
      { file: 'app/crash.js', kind: 'internal', severity: 'error', message: 'Internal error in the TypeScript frontend (please report it): boom' },
      { file: 'app/fatal.ts', kind: 'parse', severity: 'error', message: 'Parse error: Unexpected token', line: 2, column: 4 },
      { file: 'app/partial.php', kind: 'syntax', severity: 'warning', message: expect.stringContaining('Parse Error : syntax error'), line: 3, column: 0 },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.rules).toEqual([]);
  });

  it('hands each frontend the cwd-relative path, its language and the forced dialect', async () => {
    parseFile.mockClear();
    await scan(['app/ok.ts', 'app/partial.php'], { cwd: root, preset: 'strict', dialect: 'sqlite', maxFileSize: 1000, rules: [], prefilter: false });
    expect(parseFile.mock.calls.map(([lang, , path, options]) => [lang, path, options])).toEqual([
      ['ts', 'app/ok.ts', { dialect: 'sqlite' }],
      ['php', 'app/partial.php', { dialect: 'sqlite' }],
    ]);
  });

  it('lists the rules the preset enables, with their severities', async () => {
    const rule = (id: string, presets: object) => ({ id, description: `${id}.`, type: 'problem' as const, presets, messages: {}, check: () => [] });
    const rules = [rule('b-rule', { strict: 'warning' }), rule('a-rule', { recommended: 'error', strict: 'error' })];
    expect((await scan(['app/ok.ts'], { cwd: root, preset: 'strict', maxFileSize: 1000, rules })).rules).toEqual([
      { id: 'a-rule', description: 'a-rule.', severity: 'error' },
      { id: 'b-rule', description: 'b-rule.', severity: 'warning' },
    ]);
    expect((await scan(['app/ok.ts'], { cwd: root, preset: 'recommended', maxFileSize: 1000, rules })).rules.map((r) => r.id)).toEqual(['a-rule']);
  });
});
