/**
 * Writing a fixed file, or refusing to: only a regular, writable file whose real path is inside the
 * scanned roots (a symlink is followed only when its target is inside them), only when it still holds
 * the text that was fixed, and atomically (temp file, fsync, rename; mode and owner kept).
 */
import { constants } from 'node:fs';
import { access, lstat, readFile, realpath, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../lazy.js';
import { isInside } from './roots.js';

export type WriteOutcome = { written: true } | { written: false; reason: string };

export async function writeFixed(path: string, before: string, after: string, roots: readonly string[]): Promise<WriteOutcome> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    return { written: false, reason: `cannot resolve the path (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (!isInside(real, roots)) {
    const link = (await lstat(path)).isSymbolicLink();
    return { written: false, reason: link ? 'it is a symlink to a file outside the scanned paths' : 'it is outside the scanned paths' };
  }
  const info = await stat(real);
  if (!info.isFile()) return { written: false, reason: 'it is not a regular file' };
  if ((info.mode & 0o222) === 0 || !(await access(real, constants.W_OK).then(() => true, () => false))) {
    return { written: false, reason: 'it is read-only' };
  }
  if ((await readFile(real, 'utf8')) !== before) return { written: false, reason: 'it changed since it was read' };
  await writeFileAtomic()(real, after);
  return { written: true };
}
