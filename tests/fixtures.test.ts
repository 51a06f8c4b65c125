/**
 * The specification: every annotated fixture runs through the real `tocscan` binary and (TS/JS) through
 * ESLint with the plugin's flat config. Any finding not annotated, and any annotation not found, fails.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '@tocscan/rules';
import { key, parseAnnotations } from './support/annotations.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/tocscan.js');
const TS_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function listFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.md'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** `*.fixed.*` files are the expected output of the fixes (tests/fixes.test.ts), not fixtures. */
const isFixedOutput = (f: string) => /\.fixed\.[^./]+$/.test(f);
const tsFixtures = listFiles('fixtures/ts').filter((f) => TS_EXT.test(f) && !isFixedOutput(f));
const phpFixtures = listFiles('fixtures/php').filter((f) => f.endsWith('.php') && !isFixedOutput(f));
const isBroken = (f: string) => /(^|\/)broken[^/]*$/.test(f);
const recommendedIds = new Set(rules.filter((r) => r.presets.recommended).map((r) => r.id));

type Reported = Map<string, Set<string>>; // file → "line:rule"

function add(map: Reported, file: string, line: number, ruleId: string) {
  let set = map.get(file);
  if (!set) map.set(file, (set = new Set()));
  set.add(key(line, ruleId));
}

interface CliJson {
  findings: { file: string; ruleId: string; loc: { line: number } }[];
  errors: { file: string; message: string }[];
}

function runCli(preset: 'strict' | 'recommended'): { reported: Reported; json: CliJson } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, 'fixtures', '--format', 'json', '--preset', preset], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status !== 1) throw new Error(`tocscan exited ${e.status}: ${e.stderr}`);
    out = e.stdout ?? '';
  }
  const json = JSON.parse(out) as CliJson;
  const reported: Reported = new Map();
  for (const f of json.findings) add(reported, f.file.split('\\').join('/'), f.loc.line, f.ruleId);
  return { reported, json };
}

const eslintFatal = new Set<string>();

async function runEslint(preset: 'strict' | 'recommended'): Promise<Reported> {
  const { default: tocscan } = await import('eslint-plugin-tocscan');
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      tocscan.configs[preset],
    ],
  });
  const results = await eslint.lintFiles(tsFixtures);
  const reported: Reported = new Map();
  for (const r of results) {
    const file = relative(root, r.filePath);
    for (const m of r.messages) {
      if (m.fatal) {
        eslintFatal.add(file);
        continue;
      }
      add(reported, file, m.line, (m.ruleId ?? '').replace(/^tocscan\//, ''));
    }
  }
  return reported;
}

function expected(file: string): { expect: Set<string>; ok: Set<string> } {
  const notes = parseAnnotations(readFileSync(join(root, file), 'utf8'));
  return {
    expect: new Set(notes.filter((n) => n.kind === 'expect').map((n) => key(n.line, n.ruleId))),
    ok: new Set(notes.filter((n) => n.kind === 'ok').map((n) => key(n.line, n.ruleId))),
  };
}

function compare(file: string, reported: Reported, onlyIds?: Set<string>) {
  const want = expected(file);
  const got = reported.get(file) ?? new Set<string>();
  const wanted = [...want.expect].filter((k) => !onlyIds || onlyIds.has(k.split(':')[1]));
  const missing = wanted.filter((k) => !got.has(k));
  const unexpected = [...got].filter((k) => !want.expect.has(k));
  const okViolated = [...want.ok].filter((k) => got.has(k));
  expect({ file, missing, unexpected, okViolated }).toEqual({ file, missing: [], unexpected: [], okViolated: [] });
}

let cliStrict: ReturnType<typeof runCli>;
let cliRecommended: ReturnType<typeof runCli>;
let eslintStrict: Reported;
let eslintRecommended: Reported;

beforeAll(async () => {
  cliStrict = runCli('strict');
  cliRecommended = runCli('recommended');
  eslintStrict = await runEslint('strict');
  eslintRecommended = await runEslint('recommended');
}, 300_000);

describe('fixtures are a real specification', () => {
  it('has at least 40 fixtures per language, each annotated', () => {
    expect(tsFixtures.length).toBeGreaterThanOrEqual(40);
    expect(phpFixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of [...tsFixtures, ...phpFixtures]) {
      const { expect: e, ok } = expected(f);
      expect(e.size + ok.size, `${f} has no annotation`).toBeGreaterThan(0);
    }
  });

  it('expects every rule at least once in each language, and has near misses for each', () => {
    for (const [lang, files] of [['ts', tsFixtures], ['php', phpFixtures]] as const) {
      const all = files.flatMap((f) => parseAnnotations(readFileSync(join(root, f), 'utf8')));
      for (const r of rules.filter((rule) => !rule.languages || rule.languages.includes(lang))) {
        expect(all.some((n) => n.kind === 'expect' && n.ruleId === r.id), `no fixture expects ${r.id}`).toBe(true);
        expect(all.some((n) => n.kind === 'ok' && n.ruleId === r.id), `no near miss for ${r.id}`).toBe(true);
      }
    }
  });
});

describe('parse problems', () => {
  it('reports a problem for each broken-* fixture and for no other', () => {
    const withErrors = new Set(cliStrict.json.errors.map((e) => e.file.split('\\').join('/')));
    for (const f of [...tsFixtures, ...phpFixtures]) {
      expect(withErrors.has(f), f).toBe(isBroken(f));
    }
    for (const f of tsFixtures) expect(eslintFatal.has(f), `ESLint parse error in ${f}`).toBe(isBroken(f));
  });
});

describe('tocscan CLI (strict)', () => {
  it.each([...tsFixtures, ...phpFixtures])('%s', (file) => compare(file, cliStrict.reported));
});

describe('tocscan CLI (recommended reports only recommended rules)', () => {
  it.each([...tsFixtures, ...phpFixtures])('%s', (file) => {
    const got = [...(cliRecommended.reported.get(file) ?? [])];
    expect(got.filter((k) => !recommendedIds.has(k.split(':')[1]))).toEqual([]);
    compare(file, cliRecommended.reported, recommendedIds);
  });
});

describe('ESLint with tocscan.configs.strict', () => {
  it.each(tsFixtures)('%s', (file) => compare(file, eslintStrict));
});

describe('ESLint with tocscan.configs.recommended', () => {
  it.each(tsFixtures)('%s', (file) => {
    const got = [...(eslintRecommended.get(file) ?? [])];
    expect(got.filter((k) => !recommendedIds.has(k.split(':')[1]))).toEqual([]);
    compare(file, eslintRecommended, recommendedIds);
  });
});
