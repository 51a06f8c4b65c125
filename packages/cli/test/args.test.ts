import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, parseArgs } from '../src/args.js';

function run(argv: string[]) {
  const parsed = parseArgs(argv, '1.2.3');
  if (parsed.kind !== 'run') throw new Error(`expected a run, got exit ${parsed.code}: ${parsed.stderr}`);
  return parsed.options;
}

function exit(argv: string[]) {
  const parsed = parseArgs(argv, '1.2.3');
  if (parsed.kind !== 'exit') throw new Error('expected an exit');
  return parsed;
}

describe('parseArgs', () => {
  it('defaults to scanning . with the stylish reporter and the recommended preset', () => {
    expect(run([])).toEqual({
      patterns: ['.'],
      format: 'stylish',
      outputFile: undefined,
      preset: 'recommended',
      dialect: undefined,
      color: undefined,
      quiet: false,
      maxWarnings: -1,
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
    });
  });

  it('reads every option', () => {
    expect(
      run(['src', 'lib/**/*.php', '--format', 'sarif', '--output-file', 'out/r.sarif', '--preset', 'strict', '--dialect', 'postgresql', '--no-color', '--quiet', '--max-warnings', '0', '--max-file-size', '1000']),
    ).toEqual({
      patterns: ['src', 'lib/**/*.php'],
      format: 'sarif',
      outputFile: 'out/r.sarif',
      preset: 'strict',
      dialect: 'postgresql',
      color: false,
      quiet: true,
      maxWarnings: 0,
      maxFileSize: 1000,
    });
    expect(run(['--color', '-f', 'json', '-o', 'x.json'])).toMatchObject({ color: true, format: 'json', outputFile: 'x.json' });
  });

  it('prints help and the version with exit code 0', () => {
    const help = exit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tocscan [options] [paths...]');
    expect(help.stdout).toContain('--max-warnings <n>');
    expect(help.stdout).toContain('Exit codes:');
    expect(exit(['-h']).code).toBe(0);
    expect(exit(['-v'])).toEqual({ kind: 'exit', code: 0, stdout: '1.2.3\n', stderr: '' });
    expect(exit(['--version']).stdout).toBe('1.2.3\n');
  });

  it.each([
    [['--nope'], /unknown option '--nope'/],
    [['--format', 'xml'], /argument 'xml' is invalid.*stylish, json, sarif, github/],
    [['--preset', 'lax'], /argument 'lax' is invalid/],
    [['--dialect', 'oracle'], /argument 'oracle' is invalid/],
    [['--max-warnings', 'many'], /--max-warnings must be an integer/],
    [['--max-warnings', '-2'], /--max-warnings must be an integer >= -1/],
    [['--max-file-size', '0'], /--max-file-size must be an integer >= 1/],
    [['--output-file'], /argument missing/],
  ])('rejects %j with exit code 2', (argv, message) => {
    const parsed = exit(argv);
    expect(parsed.code).toBe(2);
    expect(parsed.stderr).toMatch(message);
    expect(parsed.stderr).toContain('tocscan --help');
  });
});
