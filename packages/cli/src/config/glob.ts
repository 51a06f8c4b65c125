/**
 * `include` / `exclude` of the configuration for a run: the project's filter (@tocscan/core
 * project-files.ts, shared with the language server) applied to `cwd`-relative paths.
 */
import { relative, resolve, sep } from 'node:path';
import { projectFileFilter } from '@tocscan/core';

/**
 * Which files a run keeps, from the configuration's `include` and `exclude` (relative to `base`).
 * `file` is relative to `cwd`. No include list: every file; an exclude match always loses.
 */
export function fileFilter(base: string, cwd: string, include: readonly string[] | undefined, exclude: readonly string[] | undefined) {
  const keep = projectFileFilter(include, exclude);
  return (file: string): boolean => keep(relative(base, resolve(cwd, file)).split(sep).join('/'));
}
