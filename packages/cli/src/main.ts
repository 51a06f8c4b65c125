/**
 * `tocscan [paths…]`: parse arguments, scan, render, write, and return the exit code
 * (0 clean, 1 problems, 2 usage or internal error). Never calls process.exit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs, type CliOptions } from './args.js';
import { shouldUseColor } from './colors.js';
import { UsageError } from './discover.js';
import { exitCodeFor, summarize, withoutWarnings, type Report } from './report.js';
import { reporters } from './reporters/index.js';
import { scan } from './scan.js';
import { toolVersion } from './version.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colour default, and its width for stylish). */
  isTTY: boolean;
  columns?: number;
}

function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  };
}

async function run(options: CliOptions, io: Io, version: string): Promise<number> {
  let report: Report;
  try {
    const result = await scan(options.patterns, {
      cwd: io.cwd,
      preset: options.preset,
      dialect: options.dialect,
      maxFileSize: options.maxFileSize,
    });
    report = { version, root: io.cwd, preset: options.preset, ...result };
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tocscan: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.quiet) report = withoutWarnings(report);

  const toTerminal = options.outputFile === undefined && io.isTTY;
  const text = reporters[options.format](report, {
    color: options.outputFile === undefined && shouldUseColor(options.color, io.env, io.isTTY),
    width: toTerminal && io.columns ? Math.max(60, io.columns) : 80,
  });
  if (options.outputFile !== undefined) {
    const target = resolve(io.cwd, options.outputFile);
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    } catch (error) {
      io.stderr(`tocscan: cannot write ${options.outputFile}: ${(error as Error).message}\n`);
      return 2;
    }
  } else {
    io.stdout(text);
  }

  const summary = summarize(report);
  const code = exitCodeFor(summary, options.maxWarnings);
  if (code === 1 && summary.errorCount === 0) {
    io.stderr(`tocscan found too many warnings (maximum: ${options.maxWarnings}).\n`);
  }
  return code;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    const version = toolVersion();
    const parsed = parseArgs(argv, version);
    if (parsed.kind === 'exit') {
      io.stdout(parsed.stdout);
      io.stderr(parsed.stderr);
      return parsed.code;
    }
    return await run(parsed.options, io, version);
  } catch (error) {
    io.stderr(`tocscan: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
