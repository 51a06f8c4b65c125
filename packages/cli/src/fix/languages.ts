/** The fix engine's parser per language, loaded on first use like the frontends. */
import type { FixLanguage, Lang } from '@tocscan/core';
import type { FrontendOptions } from '../frontends.js';

export async function fixLanguageFor(lang: Lang, options: FrontendOptions): Promise<FixLanguage> {
  return lang === 'php' ? (await import('@tocscan/lang-php')).phpFixLanguage(options) : (await import('@tocscan/lang-ts')).tsFixLanguage(options);
}
