/**
 * `--shard i/n`: the run reports on the i-th of n parts of the discovered files, so a CI matrix of n
 * jobs covers the project once. The parts are contiguous runs of the sorted file list, equal in
 * number of files (a directory stays together, which keeps helpers and their callers in one part);
 * every job discovers the same files, so the partition is the same everywhere.
 *
 * A shard still reads every file (cheap) and parses another part's file when its own code calls a
 * helper defined there (pool/relevance.ts), so its findings are exactly the full run's findings in
 * its files. `tocscan merge` combines the parts' SARIF logs.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `i/n` → Shard; throws with a message for the command line otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`--shard must look like i/n (for example 1/4), not "${text}".`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new Error(`--shard ${text}: i must be between 1 and n.`);
  return { index, count };
}

/** The files of one shard, in order. `files` must be sorted (discovery sorts them). */
export function shardFiles<T>(files: readonly T[], shard: Shard): T[] {
  const from = Math.floor(((shard.index - 1) * files.length) / shard.count);
  const to = Math.floor((shard.index * files.length) / shard.count);
  return files.slice(from, to);
}
