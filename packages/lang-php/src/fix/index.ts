/**
 * Fixes for PHP: the FixHost over php-parser's AST, and the FixLanguage the fix engine parses fixed
 * text with.
 */
import type { FixLanguage } from '@tocscan/core';
import { parsePhp, type ExtractOptions } from '../index.js';
import { parseProgram } from '../parse.js';
import { PhpFixHost } from './host.js';

export { PhpFixHost } from './host.js';

export function phpFixLanguage(options: ExtractOptions = {}): FixLanguage {
  return {
    parse(text, path, { dialect }) {
      const model = parsePhp(text, path, { ...options, dialect: dialect ?? options.dialect });
      const parsed = parseProgram(text, path, ...(options.phpVersion ? [options.phpVersion] : []));
      return { model, ...(parsed.program && !parsed.problems.length ? { host: new PhpFixHost(parsed.program, text) } : {}) };
    },
  };
}
