/**
 * Command-line parsing (commander). Pure: returns what to run, or what to print and the exit code;
 * never exits the process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Dialect, PresetName } from '@tocscan/core';
import { FORMAT_NAMES, type FormatName } from './reporters/index.js';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface CliOptions {
  /** Files, directories and globs to scan; `.` when none is given. */
  patterns: string[];
  format: FormatName;
  outputFile?: string;
  preset: PresetName;
  dialect?: Dialect;
  /** `--color` / `--no-color`; undefined lets the environment decide (NO_COLOR, FORCE_COLOR, TTY). */
  color?: boolean;
  quiet: boolean;
  /** -1: no limit. */
  maxWarnings: number;
  maxFileSize: number;
}

export type ParsedArgs =
  | { kind: 'run'; options: CliOptions }
  | { kind: 'exit'; code: number; stdout: string; stderr: string };

const EXIT_HELP = `
Exit codes:
  0  no error-severity problems, and warnings within --max-warnings
  1  error-severity problems (findings, or files that could not be read or parsed),
     or more warnings than --max-warnings
  2  usage error (bad option or value, a path that does not exist, a glob matching
     no file) or internal error

Environment: NO_COLOR disables colours, FORCE_COLOR forces them (--color/--no-color win).`;

function integerOption(name: string, min: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
    return n;
  };
}

function buildCommand(version: string, out: { stdout: string; stderr: string }): Command {
  return new Command('tocscan')
    .description('Find check-then-act SQL race conditions (read, decide, write) in PHP and TypeScript/JavaScript.')
    .argument('[paths...]', 'files, directories or globs to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES).default('stylish'))
    .option('-o, --output-file <path>', 'write the report to a file instead of stdout')
    .addOption(new Option('--preset <preset>', 'rule preset').choices(['recommended', 'strict']).default('recommended'))
    .addOption(
      new Option('--dialect <dialect>', 'SQL dialect; when not given, inferred from the drivers in each file').choices([
        'mysql',
        'postgresql',
        'sqlite',
      ]),
    )
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .option('--quiet', 'report errors only (warnings are neither shown nor counted)')
    .addOption(
      new Option('--max-warnings <n>', 'exit with code 1 when there are more warnings than this')
        .argParser(integerOption('--max-warnings', -1))
        .default(-1, 'no limit'),
    )
    .addOption(
      new Option('--max-file-size <bytes>', 'skip (and report) files larger than this')
        .argParser(integerOption('--max-file-size', 1))
        .default(DEFAULT_MAX_FILE_SIZE, '5 MB'),
    )
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (out.stdout += s),
      writeErr: (s) => (out.stderr += s),
    })
    .showHelpAfterError('(run tocscan --help for usage)');
}

export function parseArgs(argv: readonly string[], version: string): ParsedArgs {
  const out = { stdout: '', stderr: '' };
  const command = buildCommand(version, out);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return { kind: 'exit', code: error.exitCode === 0 ? 0 : 2, ...out };
    }
    throw error;
  }
  const o = command.opts<{
    format: FormatName;
    outputFile?: string;
    preset: PresetName;
    dialect?: Dialect;
    color?: boolean;
    quiet?: boolean;
    maxWarnings: number;
    maxFileSize: number;
  }>();
  const given = command.processedArgs[0] as string[];
  return {
    kind: 'run',
    options: {
      patterns: given.length > 0 ? given : ['.'],
      format: o.format,
      outputFile: o.outputFile,
      preset: o.preset,
      dialect: o.dialect,
      color: o.color,
      quiet: o.quiet === true,
      maxWarnings: o.maxWarnings,
      maxFileSize: o.maxFileSize,
    },
  };
}
