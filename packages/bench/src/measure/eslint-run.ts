/**
 * ESLint over the corpus's TypeScript part with @typescript-eslint/parser: no rules (`parser`), one
 * rule that does nothing (`noop`: what ESLint itself costs once any rule is on), or tocscan's
 * recommended config (`recommended`).
 *   node eslint-run.js <corpus-dir> parser|noop|recommended
 */
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import tocscan from 'eslint-plugin-tocscan';

const [dir, mode] = process.argv.slice(2);
const files = ['**/*.ts', '**/*.tsx'];
const config: Linter.Config[] = [{ files, languageOptions: { parser: tsParser } }];
if (mode === 'recommended') config.push({ files, ...tocscan.configs.recommended } as Linter.Config);
if (mode === 'noop') config.push({ files, plugins: { noop: { rules: { noop: { create: () => ({ 'Program:exit'() {} }) } } } }, rules: { 'noop/noop': 'error' } });
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false });
const results = await eslint.lintFiles(['ts']);
const messages = results.reduce((n, r) => n + r.messages.length, 0);
process.stdout.write(`${JSON.stringify({ files: results.length, messages })}\n`);
