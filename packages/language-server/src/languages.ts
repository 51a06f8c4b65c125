/**
 * Which documents the server analyses, and with which frontend. PHP is on by default; TypeScript and
 * JavaScript only when the client turns them on (ESLint's editor integrations cover them already).
 */
import { extname } from 'node:path';
import type { Lang } from '@tocscan/core';

/** The names a user writes in the `tocscan.languages` setting. */
export type LanguageName = 'php' | 'typescript' | 'javascript';

export const LANGUAGE_NAMES: readonly LanguageName[] = ['php', 'typescript', 'javascript'];

export const DEFAULT_LANGUAGES: readonly LanguageName[] = ['php'];

const BY_LANGUAGE_ID: ReadonlyMap<string, LanguageName> = new Map<string, LanguageName>([
  ['php', 'php'],
  ['typescript', 'typescript'],
  ['typescriptreact', 'typescript'],
  ['javascript', 'javascript'],
  ['javascriptreact', 'javascript'],
]);

const BY_EXTENSION: ReadonlyMap<string, LanguageName> = new Map<string, LanguageName>([
  ['.php', 'php'],
  ['.phtml', 'php'],
  ['.inc', 'php'],
  ['.ts', 'typescript'],
  ['.tsx', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.js', 'javascript'],
  ['.jsx', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
]);

/** The document's language: the client's language id when it is one tocscan reads, else the file extension. */
export function languageOf(uri: string, languageId: string): LanguageName | undefined {
  return BY_LANGUAGE_ID.get(languageId) ?? BY_EXTENSION.get(extname(uri.replace(/[?#].*$/, '')).toLowerCase());
}

/** The frontend for a language. */
export function frontendLang(language: LanguageName): Lang {
  return language === 'php' ? 'php' : 'ts';
}

export function isLanguageName(value: unknown): value is LanguageName {
  return typeof value === 'string' && (LANGUAGE_NAMES as readonly string[]).includes(value);
}
