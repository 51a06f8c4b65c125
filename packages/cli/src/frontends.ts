/**
 * The language frontends: source text → FileModel. Each is loaded on first use (the TypeScript one
 * pulls in the TypeScript compiler, ~0.3 s), so `--version`, usage errors and PHP-only runs skip it.
 */
import type { Dialect, FileModel, Lang, SourceSettings } from '@tocscan/core';

/** Also the project's query wrappers, transaction functions and table prefixes (SourceSettings). */
export interface FrontendOptions extends SourceSettings {
  dialect?: Dialect;
  /** PHP version of the code (PHP frontend only). */
  phpVersion?: string;
}

export type Frontend = (text: string, path: string, options: FrontendOptions) => FileModel;

const loaders: Record<Lang, () => Promise<Frontend>> = {
  php: async () => (await import('@tocscan/lang-php')).parsePhp,
  ts: async () => (await import('@tocscan/lang-ts')).parseTs,
};

const loaded = new Map<Lang, Promise<Frontend>>();

export function frontendFor(lang: Lang): Promise<Frontend> {
  let frontend = loaded.get(lang);
  if (!frontend) {
    frontend = loaders[lang]();
    loaded.set(lang, frontend);
  }
  return frontend;
}
