/**
 * One analysis per linted file and set of options, shared by every tocscan rule ESLint runs on it;
 * likewise the file's `tocscan-ignore-next-line` comments.
 */
import type { FileAnalysis, FileModel, Suppression } from '@tocscan/core';
import { analyzeFiles, parseSuppressions, Prefilter } from '@tocscan/core';
import { extractTs, type ExtractOptions } from '@tocscan/lang-ts';
import type { TSESTree } from '@typescript-eslint/utils';

/** A linted file as tocscan read it: the analysis, and the model it came from (none when the prefilter skipped the file). */
export interface LintedFile {
  analysis: FileAnalysis;
  model?: FileModel;
}

const cache = new WeakMap<object, Map<string, LintedFile>>();
const prefilters = new Map<string, Prefilter>();
const suppressionCache = new WeakMap<object, Suppression[]>();

export function analysisOf(program: TSESTree.Program, text: string, filename: string, options: ExtractOptions): LintedFile {
  let byOptions = cache.get(program);
  if (!byOptions) cache.set(program, (byOptions = new Map()));
  const key = JSON.stringify(options);
  let linted = byOptions.get(key);
  if (!linted) {
    // Most files hold no SQL at all: the same literal prefilter as the CLI skips the extraction for them
    // (a file with no SQL signals yields no query or transaction event, so nothing is lost).
    let prefilter = prefilters.get(key);
    if (!prefilter) prefilters.set(key, (prefilter = new Prefilter(options)));
    if (prefilter.hasSqlSignals(text, 'ts')) {
      const model = extractTs(program, text, filename, options);
      linted = { analysis: analyzeFiles([model])[0], model };
    } else {
      linted = { analysis: { file: filename, pairs: [], lockingReads: [], pooledTransactions: [] } };
    }
    byOptions.set(key, linted);
  }
  return linted;
}

/** `tocscan-ignore-next-line` comments of the file (ESLint applies its own `eslint-disable` directives). */
export function suppressionsOf(program: TSESTree.Program, text: string): Suppression[] {
  let list = suppressionCache.get(program);
  if (!list) suppressionCache.set(program, (list = parseSuppressions(text, 'ts').filter((s) => s.kind === 'tocscan')));
  return list;
}
