/**
 * What can go wrong while walking directories, so discovery reports it and goes on:
 * - a directory that cannot be listed (permissions): recorded by the file-system adapter handed to the
 *   walk, which otherwise skips it silently;
 * - a link that leads nowhere or to itself (`a.php -> a.php`): listed like a file, so reading it
 *   fails and is reported;
 * - a symbolic-link loop (`src/loop -> ..`): the walk follows links, so a loop shows every file below
 *   it again at each level until the system refuses (ELOOP, about 40 levels). Files reached through a
 *   link back to one of its own ancestors are dropped, and the link is reported once.
 * A directory named like a source file (`x.php/`) is walked into, never read.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { GlobEntry } from 'globby';

/** Directories the walk could not list: absolute path → why. */
export type UnlistableDirectories = Map<string, string>;

/**
 * The `fs` option of a walk: `readdir` as usual, failures to list a directory recorded in `into`.
 * (The walk runs synchronously: the wait on each directory through the thread pool costs more than
 * the listing itself.)
 */
export function recordingFs(into: UnlistableDirectories) {
  const record = (path: string, error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') into.set(path, (error as Error).message);
  };
  return {
    readdirSync: ((path: string, options?: unknown) => {
      try {
        return readdirSync(path, options as { withFileTypes: true });
      } catch (error) {
        record(path, error);
        throw error;
      }
    }) as typeof readdirSync,
  };
}

/** The entries of a walk (made with `onlyFiles: false`) that stand for files: files, and links that lead to no directory. */
export function fileEntries(entries: readonly GlobEntry[]): string[] {
  return entries.filter((e) => e.dirent.isFile() || (e.dirent.isSymbolicLink() && !e.dirent.isDirectory())).map((e) => e.path);
}

export interface LoopFree {
  files: string[];
  /** The looping links (cwd-relative, `/`-separated), sorted. */
  loops: string[];
}

/** `files` (cwd-relative, `/`-separated; directories too) without those reached through a link back to an ancestor. */
export function withoutSymlinkLoops(files: readonly string[], cwd: string): LoopFree {
  const verdicts = new Map<string, boolean>();
  const isLoopLink = (dir: string): boolean => {
    let verdict = verdicts.get(dir);
    if (verdict === undefined) {
      verdict = false;
      try {
        const absolute = resolve(cwd, dir);
        if (lstatSync(absolute).isSymbolicLink()) {
          const target = realpathSync(absolute);
          const parent = realpathSync(dirname(absolute));
          verdict = parent === target || parent.startsWith(target.endsWith(sep) ? target : target + sep);
        }
      } catch {
        verdict = false;
      }
      verdicts.set(dir, verdict);
    }
    return verdict;
  };
  const kept: string[] = [];
  const loops = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    let loop: string | undefined;
    for (let i = 1; i < parts.length && loop === undefined; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dir !== '..' && dir !== '.' && isLoopLink(dir)) loop = dir;
    }
    if (loop === undefined) kept.push(file);
    else loops.add(loop);
  }
  return { files: kept, loops: [...loops].sort() };
}
