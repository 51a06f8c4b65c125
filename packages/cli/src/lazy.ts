/**
 * Libraries only some runs need (config and baseline validation, code frames, diffs), loaded on first
 * use: loading them all costs ~50 ms at every start, which is much of a warm `--cache` run.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const once = <T>(load: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

export const ajv = once(() => require('ajv') as typeof import('ajv'));
export const babelCodeFrame = once(() => require('@babel/code-frame') as typeof import('@babel/code-frame'));
export const diff = once(() => require('diff') as typeof import('diff'));
export const writeFileAtomic = once(() => require('write-file-atomic') as (typeof import('write-file-atomic'))['default']);
