/**
 * The plugin supports ESLint 9 and 10 as peers: both report the same problems on the TS fixtures.
 */
import { fileURLToPath } from 'node:url';
import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import tocscan from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function lint(ESLint: typeof ESLint10, version: string) {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tsParser } }, tocscan.configs.strict as never],
  });
  expect(ESLint.version.split('.')[0]).toBe(version);
  const results = await eslint.lintFiles(['fixtures/ts/**/*.ts', 'examples/**/*.ts']);
  return results.flatMap((r) => r.messages.filter((m) => !m.fatal).map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)).sort();
}

describe('ESLint peer versions', () => {
  it('ESLint 9 and ESLint 10 report the same problems', async () => {
    const v10 = await lint(ESLint10, '10');
    const v9 = await lint(ESLint9 as unknown as typeof ESLint10, '9');
    expect(v10.length).toBeGreaterThan(20);
    expect(v9).toEqual(v10);
  }, 120_000);
});
