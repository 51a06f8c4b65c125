/**
 * ESLint over the corpus's TypeScript part with @typescript-eslint/parser: no rules (`parser`), or
 * tocscan's recommended config (`recommended`).
 *   node eslint-run.js <corpus-dir> parser|recommended
 */
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import tocscan from 'eslint-plugin-tocscan';

const [dir, mode] = process.argv.slice(2);
const files = ['**/*.ts', '**/*.tsx'];
const config: Linter.Config[] = [{ files, languageOptions: { parser: tsParser } }];
if (mode === 'recommended') config.push({ files, ...tocscan.configs.recommended } as Linter.Config);
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false });
const results = await eslint.lintFiles(['ts']);
const messages = results.reduce((n, r) => n + r.messages.length, 0);
process.stdout.write(`${JSON.stringify({ files: results.length, messages })}\n`);
