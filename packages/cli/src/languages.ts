/**
 * Which files tocscan reads, and with which frontend. Kept free of the parsers so file discovery
 * can be used (and tested) without loading them.
 */
import { extname } from 'node:path';
import type { Lang } from '@tocscan/core';

const LANG_BY_EXTENSION: ReadonlyMap<string, Lang> = new Map<string, Lang>([
  ['.php', 'php'],
  ['.phtml', 'php'],
  ['.inc', 'php'],
  ['.ts', 'ts'],
  ['.tsx', 'ts'],
  ['.mts', 'ts'],
  ['.cts', 'ts'],
  ['.js', 'ts'],
  ['.jsx', 'ts'],
  ['.mjs', 'ts'],
  ['.cjs', 'ts'],
]);

/** Supported extensions without the dot, e.g. `php`, `tsx`. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...LANG_BY_EXTENSION.keys()].map((e) => e.slice(1));

/** The language of a file by its extension (case-insensitive), or undefined when tocscan does not read it. */
export function langOf(file: string): Lang | undefined {
  return LANG_BY_EXTENSION.get(extname(file).toLowerCase());
}
