/**
 * The per-case checks of the ESLint rules and the fixers, run inside worker threads (worker.ts) so a
 * case that never ends is stopped and counted instead of stopping the harness.
 */
import { fixText, presetSeverities, type FixLanguage } from '@tocscan/core';
import { phpFixLanguage } from '@tocscan/lang-php';
import { tsFixLanguage } from '@tocscan/lang-ts';
import { rules } from '@tocscan/rules';
import tsParser from '@typescript-eslint/parser';
import { parse as parseTsEstree } from '@typescript-eslint/typescript-estree';
import { Linter } from 'eslint';
import tocscanPlugin from 'eslint-plugin-tocscan';
import { Engine as PhpEngine } from 'php-parser';

export interface CheckTask {
  target: 'eslint' | 'fixer';
  /** File name (its extension tells the language). */
  name: string;
  bytes: Uint8Array;
  /** Directory the file stands in (ESLint matches its config against it). */
  dir: string;
}

export type CheckResult =
  | { target: 'eslint'; fatal: boolean; findings: number }
  | { target: 'fixer'; applied: number; unparseable: boolean }
  | { target: 'eslint' | 'fixer'; crash: string };

export const isTs = (name: string) => !name.endsWith('.php');

/** Bytes → text as the CLI decodes them (UTF-8, else windows-1252). */
export function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const phpParser = new PhpEngine({ parser: { php7: true, version: '8.4', suppressErrors: true, extractDoc: false }, ast: { withPositions: true } });

/** Syntax problems an independent parser finds (typescript-estree stops at the first). */
function syntaxProblems(text: string, name: string): number {
  try {
    if (!isTs(name)) return (phpParser.parseCode(text, name) as unknown as { errors?: unknown[] }).errors?.length ?? 0;
    parseTsEstree(text, { jsx: /\.(tsx|jsx|js|mjs|cjs)$/.test(name), range: true, loc: true });
    return 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

const eslintConfig = [
  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
  { files: ['**/*.jsx', '**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], ...tocscanPlugin.configs.strict },
] as Linter.Config[];

const fixOptions = { rules, severities: presetSeverities(rules, 'strict') };
const languages: Record<'php' | 'ts', FixLanguage> = { php: phpFixLanguage(), ts: tsFixLanguage() };

export function check(task: CheckTask): CheckResult {
  const text = decode(task.bytes);
  try {
    if (task.target === 'eslint') {
      const messages = new Linter({ configType: 'flat', cwd: task.dir }).verify(text, eslintConfig, { filename: `${task.dir}/${task.name}` });
      return { target: 'eslint', fatal: messages.some((m) => m.fatal), findings: messages.filter((m) => m.ruleId?.startsWith('tocscan/')).length };
    }
    const result = fixText(text, task.name, languages[isTs(task.name) ? 'ts' : 'php'], fixOptions);
    const applied = result.applied.length;
    return { target: 'fixer', applied, unparseable: applied > 0 && syntaxProblems(result.output, task.name) > syntaxProblems(text, task.name) };
  } catch (error) {
    return { target: task.target, crash: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
