/**
 * One analysis per linted file, shared by every tocscan rule ESLint runs on it.
 */
import type { FileAnalysis } from '@tocscan/core';
import { analyzeFiles, type Dialect } from '@tocscan/core';
import { extractTs } from '@tocscan/lang-ts';
import type { TSESTree } from '@typescript-eslint/utils';

const cache = new WeakMap<object, Map<string, FileAnalysis>>();

export function analysisOf(program: TSESTree.Program, text: string, filename: string, dialect?: Dialect): FileAnalysis {
  let byOptions = cache.get(program);
  if (!byOptions) cache.set(program, (byOptions = new Map()));
  const key = dialect ?? '';
  let analysis = byOptions.get(key);
  if (!analysis) {
    const model = extractTs(program, text, filename, { dialect });
    analysis = analyzeFiles([model])[0];
    byOptions.set(key, analysis);
  }
  return analysis;
}
