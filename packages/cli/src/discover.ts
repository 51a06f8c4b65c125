/**
 * From command-line paths to the sorted list of files to scan.
 *
 * - A directory is expanded to the supported files below it, honouring `.gitignore` (and the parent
 *   `.gitignore` files up to the repository root) and skipping node_modules, vendor, .git and dist.
 * - A glob is matched from the working directory with the same ignores; it must match some file.
 * - An explicit file is scanned whatever the ignores say, if its extension is supported; an explicit
 *   file of another type is returned in `unsupported` (the caller reports it).
 * - A path that does not exist is a usage error.
 * Paths come back relative to `cwd` with `/` separators, deduplicated and sorted by code unit.
 */
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globbySync, isDynamicPattern } from 'globby';
import { langOf, SUPPORTED_EXTENSIONS } from './languages.js';
import { fileEntries, recordingFs, withoutSymlinkLoops, type UnlistableDirectories } from './walk-faults.js';

export const DEFAULT_IGNORES: readonly string[] = ['**/node_modules/**', '**/vendor/**', '**/.git/**', '**/dist/**'];

/** A problem with the command line itself (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Discovery {
  files: string[];
  /** Explicitly named files whose type tocscan does not read. */
  unsupported: string[];
  /** Links to an ancestor directory: the files seen again through them are not in `files`. */
  symlinkLoops?: string[];
  /** Directories that could not be listed, with why. */
  unreadableDirectories?: { path: string; message: string }[];
}

/** Files, and links that lead nowhere (reading them reports why); failures to list a directory go to `unlistable`. */
function globOptions(cwd: string, caseSensitiveMatch: boolean, unlistable: UnlistableDirectories) {
  return {
    cwd,
    caseSensitiveMatch,
    gitignore: true,
    ignore: [...DEFAULT_IGNORES],
    dot: true,
    onlyFiles: false,
    objectMode: true as const,
    absolute: true,
    suppressErrors: true,
    fs: recordingFs(unlistable),
  };
}

const SUPPORTED_GLOB = `**/*.{${SUPPORTED_EXTENSIONS.join(',')}}`;

/** `cwd`-relative path with forward slashes (absolute paths outside `cwd` come back as `../…`). */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

async function kindOf(absolute: string): Promise<'missing' | 'directory' | 'file'> {
  try {
    await lstat(absolute);
  } catch {
    return 'missing';
  }
  try {
    return (await stat(absolute)).isDirectory() ? 'directory' : 'file';
  } catch {
    // A dangling or looping symlink: exists, but reading it will fail and be reported per file.
    return 'file';
  }
}

export async function discover(patterns: readonly string[], cwd: string): Promise<Discovery> {
  const files = new Set<string>();
  const unsupported = new Set<string>();
  const unlistable: UnlistableDirectories = new Map();
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    const kind = isDynamicPattern(pattern) ? 'glob' : await kindOf(absolute);
    if (kind === 'glob') {
      const matched = fileEntries(globbySync(pattern, globOptions(cwd, true, unlistable))).filter((f) => langOf(f));
      if (matched.length === 0) throw new UsageError(`No supported files matching the pattern "${pattern}" were found.`);
      for (const f of matched) files.add(displayPath(f, cwd));
    } else if (kind === 'directory') {
      const found = fileEntries(globbySync(SUPPORTED_GLOB, globOptions(absolute, false, unlistable)));
      for (const f of found) files.add(displayPath(f, cwd));
    } else if (kind === 'file') {
      (langOf(absolute) ? files : unsupported).add(displayPath(absolute, cwd));
    } else {
      throw new UsageError(`No such file or directory: ${pattern}`);
    }
  }
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const loopFree = withoutSymlinkLoops([...files].sort(byCodeUnit), cwd);
  const unlistablePaths = new Map([...unlistable].map(([dir, message]) => [displayPath(dir, cwd), message]));
  const unreadableDirectories = withoutSymlinkLoops([...unlistablePaths.keys()].sort(byCodeUnit), cwd).files.map((path) => ({ path, message: unlistablePaths.get(path)! }));
  return {
    files: loopFree.files,
    unsupported: [...unsupported].sort(byCodeUnit),
    ...(loopFree.loops.length ? { symlinkLoops: loopFree.loops } : {}),
    ...(unreadableDirectories.length ? { unreadableDirectories } : {}),
  };
}
