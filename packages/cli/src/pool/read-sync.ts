/**
 * Reading one source file synchronously, with the checks of read.ts (size limit, binary content,
 * UTF-8 or windows-1252). Synchronous reads cost a few microseconds per file where the promise API
 * costs a round trip through the thread pool per call, and they run inside worker threads anyway.
 *
 * The file is opened non-blocking and checked to be a regular file before it is read, so a FIFO, a
 * device or a directory named `x.php` is reported instead of blocking or failing obscurely.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { decodeText, looksBinary, type ReadResult } from '../read.js';

export interface RawRead {
  ok: true;
  bytes: Buffer;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : String(error);
}

const tooLarge = (size: number, max: number): Exclude<ReadResult, { ok: true }> => ({
  ok: false,
  kind: 'too-large',
  message: `File is too large to scan (${formatBytes(size)}, limit ${formatBytes(max)}; see --max-file-size).`,
});

/** The file's bytes, or why they cannot be had (not a regular file, unreadable, over the limit). */
export function readBytesSync(absolutePath: string, maxBytes: number): RawRead | Exclude<ReadResult, { ok: true }> {
  let fd: number;
  try {
    fd = openSync(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { ok: false, kind: 'unreadable', message: 'Cannot read file (not a regular file).' };
    return { ok: false, kind: 'unreadable', message: `Cannot read file (${describeError(error)}).` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: 'unreadable', message: 'Cannot read file (not a regular file).' };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    // Read the size stat gave (as readFileSync does); a file that shrinks meanwhile gives fewer bytes.
    const bytes = Buffer.allocUnsafe(st.size);
    let total = 0;
    while (total < st.size) {
      const n = readSync(fd, bytes, total, st.size - total, null);
      if (n === 0) break;
      total += n;
    }
    return { ok: true, bytes: total === st.size ? bytes : bytes.subarray(0, total) };
  } catch (error) {
    return { ok: false, kind: 'unreadable', message: `Cannot read file (${describeError(error)}).` };
  } finally {
    closeSync(fd);
  }
}

/** Bytes → text, or `binary` when they do not look like source. */
export function textOf(bytes: Buffer): ReadResult {
  if (looksBinary(bytes)) return { ok: false, kind: 'binary', message: 'File is not text (binary content); skipped.' };
  return { ok: true, text: decodeText(bytes) };
}
