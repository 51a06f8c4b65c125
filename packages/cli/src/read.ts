/**
 * Reading one source file: size limit, binary detection, decoding.
 *
 * Not text: a NUL byte in the first 8 KB, or a first 8 KB where more than 30% of the characters are
 * invalid UTF-8. Otherwise the file is decoded as UTF-8 (BOM dropped); a file that is not valid UTF-8
 * throughout (legacy Latin-1 PHP) is decoded as windows-1252, so every byte stays one character.
 */
import { open, stat } from 'node:fs/promises';

export type ReadFailure = 'unreadable' | 'binary' | 'too-large';

export type ReadResult = { ok: true; text: string } | { ok: false; kind: ReadFailure; message: string };

const SNIFF_BYTES = 8192;
const MAX_INVALID_RATIO = 0.3;

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

/** True when the bytes do not look like source text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) return true;
  // `stream: true` keeps a multi-byte character cut at the sample's end from counting as invalid.
  const decoded = new TextDecoder('utf-8').decode(sample, { stream: true });
  if (decoded.length === 0) return false;
  let invalid = 0;
  for (const ch of decoded) if (ch === '\uFFFD') invalid++;
  return invalid / decoded.length > MAX_INVALID_RATIO;
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : String(error);
}

export async function readSource(absolutePath: string, maxBytes: number): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    // Checked before opening: opening a FIFO would block.
    if (!(await stat(absolutePath)).isFile()) {
      return { ok: false, kind: 'unreadable', message: 'Cannot read file (not a regular file).' };
    }
    const handle = await open(absolutePath, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        return {
          ok: false,
          kind: 'too-large',
          message: `File is too large to scan (${formatBytes(size)}, limit ${formatBytes(maxBytes)}; see --max-file-size).`,
        };
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, kind: 'unreadable', message: `Cannot read file (${describeError(error)}).` };
  }
  if (bytes.length > maxBytes) {
    return { ok: false, kind: 'too-large', message: `File is too large to scan (limit ${formatBytes(maxBytes)}; see --max-file-size).` };
  }
  if (looksBinary(bytes)) return { ok: false, kind: 'binary', message: 'File is not text (binary content); skipped.' };
  return { ok: true, text: decodeText(bytes) };
}
