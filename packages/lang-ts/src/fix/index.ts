/**
 * Fixes for TypeScript/JavaScript: the FixHost over an ESTree program, and the FixLanguage the fix
 * engine parses fixed text with.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { FixLanguage } from '@tocscan/core';
import { parse } from '@typescript-eslint/typescript-estree';
import { extractTs, type ExtractOptions } from '../extract.js';
import { parseTs } from '../parse.js';
import { TsFixHost } from './host.js';

export { TsFixHost } from './host.js';

/** The host for a program ESLint (or anyone) already parsed. */
export function tsFixHost(program: TSESTree.Program, text: string, path: string): TsFixHost {
  return new TsFixHost(program, text, path);
}

/** Parses with typescript-estree (as the CLI does); `options` go to the extraction (dialect, project settings). */
export function tsFixLanguage(options: ExtractOptions = {}): FixLanguage {
  return {
    parse(text, path, { dialect }) {
      const opts = { ...options, dialect: dialect ?? options.dialect };
      let program: TSESTree.Program;
      try {
        program = parse(text, { range: true, loc: true, jsx: /\.(tsx|jsx|js|mjs|cjs)$/i.test(path), errorOnUnknownASTType: false, filePath: path });
      } catch {
        return { model: parseTs(text, path, opts) };
      }
      return { model: extractTs(program, text, path, opts), host: new TsFixHost(program, text, path) };
    },
  };
}
