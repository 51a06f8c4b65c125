/** tocscan.config.json: where it is found, what the schema allows, how errors read, how it combines with the command line. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_SETTINGS_SCHEMA } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import { parseArgs } from '../src/args.js';
import { ConfigError } from '../src/config/errors.js';
import { findConfigFile } from '../src/config/find.js';
import { fileFilter } from '../src/config/glob.js';
import { loadConfig, readConfig } from '../src/config/load.js';
import { planRun } from '../src/config/plan.js';
import { configSchema } from '../src/config/schema.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tocscan-config-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('finding the configuration', () => {
  const root = project({
    'tocscan.config.json': '{}',
    'app/src/a.php': '<?php',
    'legacy/.tocscanrc.json': '{}',
    'legacy/lib/b.php': '<?php',
    'both/tocscan.config.json': '{}',
    'both/.tocscanrc.json': '{}',
  });

  it('is the nearest one above the scanned paths, under either name', () => {
    expect(findConfigFile(['.'], join(root, 'app/src'))).toBe(join(root, 'tocscan.config.json'));
    expect(findConfigFile(['lib/b.php'], join(root, 'legacy'))).toBe(join(root, 'legacy/.tocscanrc.json'));
    expect(findConfigFile(['legacy/lib/**/*.php'], root)).toBe(join(root, 'legacy/.tocscanrc.json'));
    // Paths in two subtrees: the configuration of their common directory.
    expect(findConfigFile(['app/src', 'legacy/lib'], root)).toBe(join(root, 'tocscan.config.json'));
  });

  it('is an error when a directory has both names', () => {
    expect(errorOf(() => findConfigFile(['.'], join(root, 'both')))).toMatch(/Both .*tocscan\.config\.json and .*\.tocscanrc\.json exist; keep one of them\./);
  });

  it('--config names one, --no-config ignores them', () => {
    expect(loadConfig(false, ['.'], root)).toBeUndefined();
    expect(loadConfig('legacy/.tocscanrc.json', ['app'], root)?.file).toBe(join(root, 'legacy/.tocscanrc.json'));
  });
});

describe('validation messages name the file, the key, what is wrong and what is allowed', () => {
  const cases: [string, unknown, string[]][] = [
    ['an unknown key', { presets: 'strict' }, ['(top level): unknown key "presets"; known keys: $schema, include, exclude, preset, rules, dialect, queryFunctions, transactionFunctions, tablePrefixes, phpVersion, baseline']],
    ['a wrong severity', { rules: { 'check-then-act': 'warning' } }, ['rules.check-then-act: "warning" is not allowed; use one of "off", "warn", "error"']],
    ['an unknown rule', { rules: { 'race-condition': 'off' } }, [`rules: unknown key "race-condition"; known keys: ${rules.map((r) => r.id).join(', ')}`]],
    ['a wrong type', { include: 'src' }, ['include: must be an array, not a string ("src")']],
    ['a malformed call pattern', { queryFunctions: ['db fetch'] }, ['queryFunctions[0]: "db fetch" is not allowed; expected a function (`sqlQuery`), PHP method (`$db->fetchRow`, `*->fetchRow`), PHP static method (`Db::q`) or TS method (`db.fetchRow`, `*.fetchRow`)']],
    ['a wrong key in the object form', { queryFunctions: [{ call: 'Db::q', returns: 'row' }] }, ['queryFunctions[0].returns: "row" is not allowed; use one of "rows", "result", "affected-rows"']],
    ['neither form', { queryFunctions: [42] }, ['queryFunctions[0]: 42 is not allowed; expected a function (`sqlQuery`), PHP method (`$db->fetchRow`, `*->fetchRow`), PHP static method (`Db::q`) or TS method (`db.fetchRow`, `*.fetchRow`), or an object with the keys call, sqlArgument, returns']],
    ['a missing key', { transactionFunctions: { callback: [{ isolation: 'serializable' }] } }, ['transactionFunctions.callback[0]: missing key "call"']],
    ['a negative index', { queryFunctions: [{ call: 'q', sqlArgument: -1 }] }, ['queryFunctions[0].sqlArgument: must be >= 0, not -1']],
    ['an unsupported PHP version', { phpVersion: '9.0' }, ['phpVersion: "9.0" is not allowed; use one of "5.3", "5.4", "5.5", "5.6", "7.0", "7.1", "7.2", "7.3", "7.4", "8.0", "8.1", "8.2", "8.3", "8.4"']],
    ['an empty glob', { exclude: [''] }, ['exclude[0]: must not be empty']],
  ];
  it.each(cases)('%s', (_, config, lines) => {
    const root = project({ 'tocscan.config.json': JSON.stringify(config) });
    expect(errorOf(() => readConfig(join(root, 'tocscan.config.json'), root))).toBe(`Invalid configuration tocscan.config.json:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  });

  it('lists every problem at once', () => {
    const root = project({ 'tocscan.config.json': JSON.stringify({ preset: 'lax', dialect: 'oracle' }) });
    expect(errorOf(() => readConfig(join(root, 'tocscan.config.json'), root)).split('\n')).toHaveLength(3);
  });

  it('says where the JSON is broken', () => {
    const root = project({ 'sub/.tocscanrc.json': '{\n  "preset": "strict",\n}\n' });
    expect(errorOf(() => readConfig(join(root, 'sub/.tocscanrc.json'), root))).toMatch(/^Invalid configuration sub\/\.tocscanrc\.json: not valid JSON at line 3, column 1: /);
  });

  it('accepts a complete configuration', () => {
    const root = project({
      'tocscan.config.json': JSON.stringify({
        $schema: './node_modules/tocscan/schema/tocscan.config.schema.json',
        include: ['src', '**/*.php'],
        exclude: ['src/generated/**'],
        preset: 'strict',
        rules: { 'unchecked-conditional-write': 'off', 'transaction-without-locking-read': 'warn' },
        dialect: 'mysql',
        queryFunctions: ['sqlQuery', { call: '$db->fetchRow', returns: 'rows' }],
        transactionFunctions: { begin: ['db_begin'], commit: ['db_commit'], rollback: ['db_rollback'], callback: ['withTx'] },
        tablePrefixes: ['DB_PREFIX'],
        phpVersion: '7.4',
        baseline: 'tocscan-baseline.json',
      }),
    });
    expect(readConfig(join(root, 'tocscan.config.json'), root).config.preset).toBe('strict');
  });
});

describe('the published schema', () => {
  const properties = configSchema.properties as Record<string, { properties?: Record<string, unknown> }>;

  it('holds the same settings definitions as the ESLint rules', () => {
    for (const [key, schema] of Object.entries(SOURCE_SETTINGS_SCHEMA)) expect(properties[key], key).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it('lists every rule', () => {
    expect(Object.keys(properties.rules.properties ?? {})).toEqual(rules.map((r) => r.id));
  });
});

describe('include and exclude globs', () => {
  it('keep included files that are not excluded, paths taken from the configuration directory', () => {
    const keep = fileFilter('/repo', '/repo/app', ['app/**/*.php', 'api'], ['app/install/**']);
    expect(keep('index.php')).toBe(true);
    expect(keep('install/setup.php')).toBe(false);
    expect(keep('index.ts')).toBe(false);
    expect(keep('../api/x.ts')).toBe(true);
    expect(fileFilter('/repo', '/repo', undefined, ['dist'])('src/a.ts')).toBe(true);
  });
});

describe('planRun: the command line wins over the file, the file over the defaults', () => {
  const root = project({
    'tocscan.config.json': JSON.stringify({
      preset: 'strict',
      dialect: 'mysql',
      rules: { 'check-then-act': 'warn', 'insert-if-absent': 'off' },
      tablePrefixes: ['DB_PREFIX'],
      phpVersion: '7.3',
      baseline: 'qa/baseline.json',
      exclude: ['install'],
    }),
  });
  const plan = (argv: string[]) => {
    const parsed = parseArgs(argv, '0.0.0');
    if (parsed.kind !== 'run') throw new Error(parsed.stderr);
    return planRun(parsed.options, parsed.fromCommandLine, root);
  };

  it('takes the settings of the file', () => {
    const p = plan([]);
    expect(p).toMatchObject({
      preset: 'strict',
      dialect: 'mysql',
      ruleSettings: { 'check-then-act': 'warning', 'insert-if-absent': 'off' },
      frontend: { tablePrefixes: ['DB_PREFIX'], phpVersion: '7.3' },
      baseline: { path: join(root, 'qa/baseline.json'), generate: false },
    });
    expect(p.keep?.('install/setup.php')).toBe(false);
    expect(p.keep?.('shop/cart.php')).toBe(true);
  });

  it('lets options override it', () => {
    expect(plan(['--preset', 'recommended', '--dialect', 'postgresql'])).toMatchObject({ preset: 'recommended', dialect: 'postgresql' });
    expect(plan(['--baseline', 'other.json']).baseline).toEqual({ path: join(root, 'other.json'), generate: false });
    expect(plan(['--generate-baseline']).baseline).toEqual({ path: join(root, 'qa/baseline.json'), generate: true });
    expect(plan(['--generate-baseline', 'new.json']).baseline).toEqual({ path: join(root, 'new.json'), generate: true });
    expect(plan(['--no-config'])).toMatchObject({ preset: 'recommended', ruleSettings: {}, frontend: {} });
    expect(plan(['--staged']).changes).toEqual({ staged: true });
    expect(plan(['--changed-since', 'origin/main']).changes).toEqual({ since: 'origin/main' });
  });

  it.each([
    [['--generate-baseline', '--baseline', 'b.json'], /cannot be combined with --baseline/],
    [['--generate-baseline', '--staged'], /cannot be combined with --changed-since, --staged or --shard/],
    [['--generate-baseline', '--shard', '1/2'], /cannot be combined with --changed-since, --staged or --shard/],
    [['--staged', '--changed-since', 'main'], /either --changed-since or --staged/],
  ])('rejects %j', (argv, message) => {
    expect(() => plan(argv)).toThrow(message);
  });
});
