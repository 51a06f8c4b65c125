/**
 * Where the configuration is: `tocscan.config.json` or `.tocscanrc.json`, in the directory of the
 * scanned paths or the nearest one above it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { isDynamicPattern } from 'globby';
import { ConfigError } from './errors.js';

export const CONFIG_FILE_NAMES = ['tocscan.config.json', '.tocscanrc.json'] as const;

/** The directory a command-line path starts from: a directory itself, a file's directory, a glob's fixed part. */
function startOf(pattern: string, cwd: string): string {
  let path = pattern;
  if (isDynamicPattern(pattern)) {
    const parts = pattern.split('/');
    const fixed: string[] = [];
    for (const part of parts) {
      if (isDynamicPattern(part)) break;
      fixed.push(part);
    }
    path = fixed.join('/') || '.';
  }
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  } catch {
    return dirname(absolute);
  }
}

/** The deepest directory containing all of `dirs`. */
function commonAncestor(dirs: readonly string[]): string {
  const split = dirs.map((d) => d.split(sep));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(sep) || sep;
}

/** The configuration file for a run over `patterns`, or undefined when there is none. */
export function findConfigFile(patterns: readonly string[], cwd: string): string | undefined {
  let dir = commonAncestor(patterns.map((p) => startOf(p, cwd)));
  for (;;) {
    const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((f) => existsSync(f));
    if (present.length > 1) {
      throw new ConfigError(`Both ${present.join(' and ')} exist; keep one of them.`);
    }
    if (present.length === 1) return present[0];
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
