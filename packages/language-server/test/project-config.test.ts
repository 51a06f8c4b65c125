/**
 * tocscan.config.json as the server reads it: validation with the default kept for a bad value,
 * the CLI's search upwards, and re-reading a file that changed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { covers, defaultProjectConfig, parseProjectConfig, ProjectConfigs } from '../src/project-config.js';

const RULES = ['check-then-act', 'insert-if-absent'];

describe('parseProjectConfig', () => {
  it('reads preset, dialect, rules (warn → warning), phpVersion and the in-house calls', () => {
    const text = JSON.stringify({
      $schema: './node_modules/tocscan/schema/tocscan.config.schema.json',
      include: ['src'],
      preset: 'strict',
      dialect: 'postgresql',
      rules: { 'check-then-act': 'warn', 'insert-if-absent': 'off' },
      phpVersion: '7.4',
      queryFunctions: ['$db->fetchRow', { call: 'Db::q', sqlArgument: 1, returns: 'rows' }],
      transactionFunctions: { begin: [{ call: 'db_begin', isolation: 'serializable' }], commit: ['db_commit'] },
      tablePrefixes: ['DB_PREFIX'],
    });
    expect(parseProjectConfig(text, RULES)).toEqual({
      config: {
        preset: 'strict',
        dialect: 'postgresql',
        rules: { 'check-then-act': 'warning', 'insert-if-absent': 'off' },
        phpVersion: '7.4',
        source: {
          queryFunctions: ['$db->fetchRow', { call: 'Db::q', sqlArgument: 1, returns: 'rows' }],
          transactionFunctions: { begin: [{ call: 'db_begin', isolation: 'serializable' }], commit: ['db_commit'] },
          tablePrefixes: ['DB_PREFIX'],
        },
        include: ['src'],
      },
      problems: [],
    });
  });

  it('reads the baseline path as written (the server resolves it against the configuration directory)', () => {
    expect(parseProjectConfig(JSON.stringify({ baseline: 'qa/baseline.json' }), RULES).config.baseline).toBe('qa/baseline.json');
    expect(parseProjectConfig(JSON.stringify({ baseline: 3 }), RULES).problems).toEqual(['"baseline" is not valid (see the CLI\'s schema, packages/cli/schema), got 3; left out']);
  });

  it('leaves out the files include/exclude leave out, relative to the configuration, as the CLI does', () => {
    const { config } = parseProjectConfig(JSON.stringify({ include: ['app/**/*.php', 'api'], exclude: ['app/install/**'] }), RULES);
    const at = { ...config, dir: '/repo' };
    expect(covers(at, '/repo/app/index.php')).toBe(true);
    expect(covers(at, '/repo/app/install/setup.php')).toBe(false);
    expect(covers(at, '/repo/api/x.ts')).toBe(true);
    expect(covers(at, '/elsewhere/app/index.php')).toBe(false);
    expect(covers(config, '/anywhere/x.php')).toBe(true);
    expect(covers({ ...defaultProjectConfig(), dir: '/repo' }, '/repo/x.php')).toBe(true);
  });

  it('reports each bad value and keeps its default', () => {
    const read = parseProjectConfig(
      JSON.stringify({
        preset: 'paranoid',
        dialect: 'oracle',
        rules: { 'check-then-act': 'warning', 'no-such-rule': 'off' },
        phpVersion: 8,
        queryFunctions: [{ sql: 'x' }],
        transactionFunctions: { start: ['x'] },
        tablePrefixes: 'DB_PREFIX',
        exclude: 'vendor',
      }),
      RULES,
    );
    expect(read.config).toEqual(defaultProjectConfig());
    expect(read.problems).toEqual([
      '"preset" must be one of "recommended", "strict", got "paranoid"; using "recommended"',
      '"dialect" must be one of "mysql", "postgresql", "sqlite", got "oracle"; inferring it from the driver',
      '"rules.check-then-act" must be one of "off", "warn", "error", got "warning"',
      '"rules": unknown rule "no-such-rule" (known: "check-then-act", "insert-if-absent")',
      '"phpVersion" must be a version like "7.4", got 8',
      '"queryFunctions" is not valid (see the CLI\'s schema, packages/cli/schema), got [{"sql":"x"}]; left out',
      '"transactionFunctions" is not valid (see the CLI\'s schema, packages/cli/schema), got {"start":["x"]}; left out',
      '"tablePrefixes" is not valid (see the CLI\'s schema, packages/cli/schema), got "DB_PREFIX"; left out',
      '"exclude" is not valid (see the CLI\'s schema, packages/cli/schema), got "vendor"; left out',
    ]);
  });

  it('uses the defaults for a file that is not a JSON object', () => {
    expect(parseProjectConfig('{ "preset": ', RULES).problems[0]).toMatch(/^not valid JSON \(.*\); using the defaults$/);
    expect(parseProjectConfig('[]', RULES)).toEqual({ config: defaultProjectConfig(), problems: ['must contain a JSON object; using the defaults'] });
  });
});

describe('ProjectConfigs', () => {
  let root: string;
  let reported: string[];
  let configs: ProjectConfigs;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tocscan-config-'));
    mkdirSync(join(root, 'app/src/Controller'), { recursive: true });
    reported = [];
    configs = new ProjectConfigs(RULES, (file, problems) => reported.push(`${file}: ${problems.join('; ')}`));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the nearest file upwards, as the CLI does, and the defaults when there is none', async () => {
    const deep = join(root, 'app/src/Controller');
    expect(await configs.configFor(deep)).toEqual(defaultProjectConfig());
    expect(await configs.configFor(undefined)).toEqual(defaultProjectConfig());
    writeFileSync(join(root, 'tocscan.config.json'), '{ "preset": "strict" }');
    expect((await configs.configFor(deep)).preset).toBe('strict');
    writeFileSync(join(root, 'app/.tocscanrc.json'), '{ "dialect": "sqlite" }');
    expect(await configs.configFor(deep)).toMatchObject({ preset: 'recommended', dialect: 'sqlite' });
  });

  it('reads a file again when it changes, and reports an invalid one once per version', async () => {
    const file = join(root, 'tocscan.config.json');
    writeFileSync(file, '{ "preset": "strict" }');
    expect((await configs.configFor(root)).preset).toBe('strict');
    writeFileSync(file, '{ "preset": "loose!" }');
    expect((await configs.configFor(root)).preset).toBe('recommended');
    await configs.configFor(root);
    expect(reported).toEqual([`${file}: "preset" must be one of "recommended", "strict", got "loose!"; using "recommended"`]);
    rmSync(file);
    expect(await configs.configFor(root)).toEqual(defaultProjectConfig());
  });

  it('says when both names exist in one directory, and reads tocscan.config.json', async () => {
    writeFileSync(join(root, 'tocscan.config.json'), '{ "preset": "strict" }');
    writeFileSync(join(root, '.tocscanrc.json'), '{}');
    expect((await configs.configFor(root)).preset).toBe('strict');
    expect(reported).toEqual([
      `${join(root, 'tocscan.config.json')}: ${join(root, '.tocscanrc.json')} exists too and is ignored; keep one of them (the CLI refuses both)`,
    ]);
  });
});
