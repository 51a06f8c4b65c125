/**
 * Source text → FileModel: parses with typescript-estree (JSX for .tsx/.jsx); a syntax error is a
 * 'fatal' problem of the file, never a throw.
 */
import { parse } from '@typescript-eslint/typescript-estree';
import type { FileModel } from '@tocscan/core';
import { extractTs, type ExtractOptions } from './extract.js';

export function parseTs(text: string, path: string, options: ExtractOptions = {}): FileModel {
  let program;
  try {
    program = parse(text, {
      range: true,
      loc: true,
      jsx: /\.(tsx|jsx|js|mjs|cjs)$/i.test(path),
      errorOnUnknownASTType: false,
      filePath: path,
    });
  } catch (e) {
    const at = (e as { location?: { start?: { line: number; column: number } } }).location?.start;
    return {
      path,
      lang: 'ts',
      units: [],
      problems: [{ severity: 'fatal', message: e instanceof Error ? e.message : String(e), line: at?.line ?? 1, column: at?.column ?? 0 }],
    };
  }
  return extractTs(program, text, path, options);
}
