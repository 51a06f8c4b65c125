/**
 * The scanned roots: what the command line named (a directory, a file, a glob's fixed prefix), as
 * real paths. `--fix` writes only inside them.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { isDynamicPattern } from 'globby';

/** The directory part of a glob before its first dynamic segment (`src/**\/*.ts` → `src`). */
function staticPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (isDynamicPattern(s)) break;
    fixed.push(s);
  }
  return fixed.join('/') || '.';
}

export async function scannedRoots(patterns: readonly string[], cwd: string): Promise<string[]> {
  const roots: string[] = [];
  for (const pattern of patterns) {
    const path = isDynamicPattern(pattern) ? staticPrefix(pattern) : pattern;
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    roots.push(await realpath(absolute).catch(() => absolute));
  }
  return roots;
}

export function isInside(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
}
