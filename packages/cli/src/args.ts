/**
 * Command-line parsing (commander). Pure: returns what to run, or what to print and the exit code;
 * never exits the process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Dialect, PresetName } from '@tocscan/core';
import type { FixKind } from '@tocscan/core';
import { fixMode, fixTypesOption } from './fix/args.js';
import { FORMAT_NAMES, type FormatName } from './reporters/index.js';
import { parseShard, type Shard } from './shard.js';

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
  /** `--config <file>`; false with `--no-config`; undefined: looked for from the scanned paths upwards. */
  config?: string | false;
  /** `--baseline <file>`: report only findings not in it. */
  baseline?: string;
  /** `--generate-baseline [file]`: true when no file is named. */
  generateBaseline?: string | true;
  reportUnusedSuppressions?: boolean;
  /** `--changed-since <ref>`: only findings on lines changed since the merge base with this git ref. */
  changedSince?: string;
  /** `--staged`: only findings on lines changed in the git index. */
  staged?: boolean;
  /** false with `--no-progress`. */
  progress?: boolean;
  /** `--threads <n>`: worker threads that parse; undefined: one fewer than the cores (one for small runs). */
  threads?: number;
  /** `--cache`, and `--cache-location <path>`. */
  cache?: boolean;
  cacheLocation?: string;
  /** `--shard i/n`. */
  shard?: Shard;
  /** `--timeout <seconds>`: per-file budget in seconds (0: none); undefined: DEFAULT_TIMEOUT_SECONDS. */
  timeout?: number;
  /** `--fix` (apply) or `--fix-dry-run` (print diffs). */
  fix?: 'apply' | 'dry-run';
  /** `--fix-type`: only these kinds of fix. */
  fixTypes?: FixKind[];
}

export type ParsedArgs =
  /** `fromCommandLine`: the options given on the command line (they win over the configuration file). */
  | { kind: 'run'; options: CliOptions; fromCommandLine: ReadonlySet<string> }
  | { kind: 'exit'; code: number; stdout: string; stderr: string };

const EXIT_HELP = `
Exit codes:
  0  no error-severity problems, and warnings within --max-warnings
  1  error-severity problems (findings, or files that could not be read or parsed),
     or more warnings than --max-warnings
  2  usage error (bad option or value, a path that does not exist, a glob matching
     no file) or internal error

Configuration: tocscan.config.json or .tocscanrc.json, looked for in the directory of the scanned
paths and above (schema: schema/tocscan.config.schema.json in the package).

Environment: NO_COLOR disables colours, FORCE_COLOR forces them (--color/--no-color win); CI hides
the progress line.`;

export const DEFAULT_TIMEOUT_SECONDS = 30;

function secondsOption(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError('--timeout must be a number of seconds (0: no limit).');
  return Number(value);
}

function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function integerOption(name: string, min: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
    return n;
  };
}

/** The command-line definition: parsing, `--help`, and the flag list in the README are all made from it. */
export function buildCommand(version: string, out: { stdout: string; stderr: string }): Command {
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
    .option('-c, --config <file>', 'use this configuration file instead of looking for one')
    .option('--no-config', 'ignore configuration files')
    .option('--baseline <file>', 'report only findings not recorded in this baseline file (default: "baseline" in the configuration)')
    .option('--generate-baseline [file]', 'record the current findings in a baseline file and exit (default: tocscan-baseline.json)')
    .option('--report-unused-suppressions', 'report tocscan-ignore-next-line comments that silence nothing')
    .option('--changed-since <ref>', 'report only findings whose read or write is on a line changed since this git ref')
    .option('--staged', 'report only findings whose read or write is on a line changed in the git index')
    .option('--no-progress', 'no progress line on the terminal')
    .addOption(new Option('--threads <n>', 'worker threads that parse files (default: one fewer than the cores; one for runs under a few hundred files)').argParser(integerOption('--threads', 1)))
    .option('--cache', 'reuse what unchanged files gave last time (stored in .tocscancache)')
    .option('--cache-location <path>', 'file or directory for the cache (with --cache)')
    .addOption(new Option('--shard <i/n>', 'scan the i-th of n equal parts of the files (CI matrix; see `tocscan merge`)').argParser(shardOption))
    .addOption(
      new Option('--timeout <seconds>', `skip (and report) a file that takes longer than this to analyse (default: ${DEFAULT_TIMEOUT_SECONDS}, 0: no limit)`).argParser(
        secondsOption,
      ),
    )
    .option('--fix', 'apply the preferred fix for each finding (files inside the scanned paths only), then report what remains')
    .option('--fix-dry-run', 'print the fixes as a unified diff per file and change nothing')
    .addOption(new Option('--fix-type <types>', 'fix only with these kinds: lock, conditional, upsert, transaction (comma-separated)').argParser(fixTypesOption))
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
  // What commander gives: the options as CliOptions has them, but `--fix` / `--fix-dry-run` as flags and
  // `--fix-type` under its flag's name.
  const o = command.opts<Omit<CliOptions, 'patterns' | 'quiet' | 'fix' | 'fixTypes'> & { quiet?: boolean; fix?: boolean; fixDryRun?: boolean; fixType?: FixKind[] }>();
  const fixing = fixMode(o);
  if (typeof fixing === 'string') return { kind: 'exit', code: 2, stdout: '', stderr: `tocscan: ${fixing}\n` };
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
      config: o.config,
      baseline: o.baseline,
      generateBaseline: o.generateBaseline,
      reportUnusedSuppressions: o.reportUnusedSuppressions,
      changedSince: o.changedSince,
      staged: o.staged,
      progress: o.progress === false ? false : undefined,
      threads: o.threads,
      cache: o.cache,
      cacheLocation: o.cacheLocation,
      shard: o.shard,
      timeout: o.timeout,
      ...fixing,
    },
    fromCommandLine: new Set(Object.keys(o).filter((key) => command.getOptionValueSource(key) === 'cli')),
  };
}
