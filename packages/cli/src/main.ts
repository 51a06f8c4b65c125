/**
 * `tocscan [paths…]`: parse arguments, scan, render, write, and return the exit code
 * (0 clean, 1 problems, 2 usage or internal error). Never calls process.exit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { adopt, adoptionNotes, type Adopted } from './adopt/index.js';
import { parseArgs, type CliOptions } from './args.js';
import { shouldUseColor } from './colors.js';
import { planRun } from './config/plan.js';
import { UsageError } from './discover.js';
import { runMerge } from './merge.js';
import { scaleOptionsOf } from './pool/models.js';
import { progressLine, summaryLine } from './progress.js';
import { runFixes } from './fix/index.js';
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
  /** stderr is a terminal: the progress and summary lines go there. */
  stderrIsTTY?: boolean;
}

function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

async function run(options: CliOptions, io: Io, version: string, fromCommandLine: ReadonlySet<string>): Promise<number> {
  const started = performance.now();
  const progress = progressLine(io, options.progress !== false);
  let adopted: Adopted;
  try {
    const plan = planRun(options, fromCommandLine, io.cwd);
    const result = await scan(plan.patterns, {
      cwd: io.cwd,
      preset: plan.preset,
      dialect: plan.dialect,
      maxFileSize: options.maxFileSize,
      ruleSettings: plan.ruleSettings,
      frontend: plan.frontend,
      keep: plan.keep,
      onProgress: progress.update,
      ...scaleOptionsOf(options),
    });
    progress.end();
    for (const note of result.notes ?? []) io.stderr(`tocscan: ${note}\n`);
    adopted = await adopt({ version, root: io.cwd, preset: plan.preset, ...result }, plan, {
      reportUnusedSuppressions: options.reportUnusedSuppressions === true,
    });
  } catch (error) {
    progress.end();
    if (error instanceof UsageError) {
      io.stderr(`tocscan: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const notes = adoptionNotes(adopted, io.cwd);
  if (adopted.generated) {
    io.stdout(notes);
    return 0;
  }
  if (notes) io.stderr(notes);
  let report: Report = adopted.report;
  if (options.quiet) report = withoutWarnings(report);
  if (options.fix) {
    const code = await runFixes(report, options, fromCommandLine, io);
    return code ?? run({ ...options, fix: undefined, fixTypes: undefined }, io, version, fromCommandLine);
  }

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

  if (io.stderrIsTTY) {
    io.stderr(summaryLine(report, { elapsedMs: performance.now() - started, suppressed: adopted.suppressed, baselined: adopted.baseline?.matched ?? 0 }));
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
    if (argv[0] === 'merge') return await runMerge(argv.slice(1), io);
    const version = toolVersion();
    const parsed = parseArgs(argv, version);
    if (parsed.kind === 'exit') {
      io.stdout(parsed.stdout);
      io.stderr(parsed.stderr);
      return parsed.code;
    }
    return await run(parsed.options, io, version, parsed.fromCommandLine);
  } catch (error) {
    io.stderr(`tocscan: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
