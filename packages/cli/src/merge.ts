/**
 * `tocscan merge a.sarif b.sarif … [-o out.sarif]`: the SARIF logs of the shards of one scan (`--shard
 * i/n`) as one log, for one code-scanning upload. Runs of the same tool become one run: rules are the
 * union (sorted by id, `ruleIndex` renumbered), results and tool execution notifications are the
 * concatenation without duplicates, sorted (stably) by file and position as tocscan writes them. Runs of other tools are kept as they
 * are. Exit code 0, or 2 when an input cannot be read or is not a SARIF 2.1.0 log.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';

type Json = any;

export class MergeError extends Error {
  override name = 'MergeError';
}

function uriOf(location: Json): string {
  return location?.physicalLocation?.artifactLocation?.uri ?? '';
}

function regionKey(location: Json): [number, number] {
  const r = location?.physicalLocation?.region ?? {};
  return [r.startLine ?? 0, r.startColumn ?? 0];
}

function compareBy(a: [string, number, number, string], b: [string, number, number, string]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function resultKey(r: Json): [string, number, number, string] {
  const loc = r.locations?.[0];
  return [uriOf(loc), ...regionKey(loc), String(r.ruleId ?? '')];
}

/** Notifications keep their order within a position (a shard reports a file's problems in order). */
function notificationKey(n: Json): [string, number, number, string] {
  const loc = n.locations?.[0];
  return [uriOf(loc), ...regionKey(loc), ''];
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mergeRuns(runs: Json[]): Json {
  const first = runs[0];
  const rules = new Map<string, Json>();
  for (const run of runs) for (const rule of run.tool?.driver?.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const ruleList = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id as string, i]));
  const results = unique(
    runs.flatMap((run) =>
      (run.results ?? []).map((r: Json) => {
        const { ruleIndex: _old, ...rest } = r;
        const index = ruleIndex.get(r.ruleId);
        return index === undefined ? rest : { ...rest, ruleIndex: index };
      }),
    ),
  ).sort((a, b) => compareBy(resultKey(a), resultKey(b)));
  const notifications = unique(runs.flatMap((run) => (run.invocations ?? []).flatMap((i: Json) => i.toolExecutionNotifications ?? []))).sort((a, b) =>
    compareBy(notificationKey(a), notificationKey(b)),
  );
  const successful = runs.every((run) => (run.invocations ?? []).every((i: Json) => i.executionSuccessful !== false));
  return {
    ...first,
    tool: { ...first.tool, driver: { ...first.tool.driver, rules: ruleList } },
    invocations: [{ executionSuccessful: successful, toolExecutionNotifications: notifications }],
    results,
  };
}

/** The merged log of several SARIF 2.1.0 logs (objects as parsed from JSON). */
export function mergeSarif(logs: readonly Json[]): Json {
  if (logs.length === 0) throw new MergeError('Nothing to merge: name the SARIF files of the shards.');
  const byTool = new Map<string, Json[]>();
  for (const log of logs) {
    for (const run of log.runs) {
      const name = String(run.tool?.driver?.name ?? '');
      const list = byTool.get(name) ?? [];
      list.push(run);
      byTool.set(name, list);
    }
  }
  return { $schema: logs[0].$schema, version: '2.1.0', runs: [...byTool.values()].map(mergeRuns) };
}

async function readLog(path: string, cwd: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new MergeError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let log: Json;
  try {
    log = JSON.parse(text);
  } catch {
    throw new MergeError(`${path} is not JSON.`);
  }
  if (log?.version !== '2.1.0' || !Array.isArray(log.runs) || !log.runs.every((r: Json) => r && typeof r.tool?.driver?.name === 'string')) {
    throw new MergeError(`${path} is not a SARIF 2.1.0 log.`);
  }
  return log;
}

export interface MergeIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `tocscan merge …` (argv after `merge`); returns the exit code. */
export async function runMerge(argv: readonly string[], io: MergeIo): Promise<number> {
  const out = { stdout: '', stderr: '' };
  const command = new Command('tocscan merge')
    .description("Combine the SARIF logs of a sharded scan (--shard i/n) into one log.")
    .argument('<files...>', 'SARIF files written by `tocscan --format sarif --shard i/n`')
    .option('-o, --output-file <path>', 'write the merged log to a file instead of stdout')
    .helpOption('-h, --help', 'print this help')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out.stdout += s), writeErr: (s) => (out.stderr += s) });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    io.stdout(out.stdout);
    io.stderr(out.stderr);
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const files = command.processedArgs[0] as string[];
  const { outputFile } = command.opts<{ outputFile?: string }>();
  try {
    const merged = mergeSarif(await Promise.all(files.map((f) => readLog(f, io.cwd))));
    const text = `${JSON.stringify(merged, null, 2)}\n`;
    if (outputFile === undefined) {
      io.stdout(text);
    } else {
      const target = resolve(io.cwd, outputFile);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    return 0;
  } catch (error) {
    if (error instanceof MergeError) {
      io.stderr(`tocscan merge: ${error.message}\n`);
      return 2;
    }
    io.stderr(`tocscan merge: cannot write ${outputFile}: ${(error as Error).message}\n`);
    return 2;
  }
}
