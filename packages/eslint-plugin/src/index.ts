/**
 * eslint-plugin-tocscan: the tocscan rules for ESLint (flat config).
 *
 *   import tocscan from 'eslint-plugin-tocscan';
 *   export default [tocscan.configs.recommended];
 */
import { createRequire } from 'node:module';
import type { PresetName } from '@tocscan/core';
import { rules as tocscanRules } from '@tocscan/rules';
import type { TSESLint } from '@typescript-eslint/utils';
import { toEslintRule } from './create-rule.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

const rules: Record<string, TSESLint.RuleModule<string, unknown[]>> = Object.fromEntries(
  tocscanRules.map((r) => [r.id, toEslintRule(r) as unknown as TSESLint.RuleModule<string, unknown[]>]),
);

const plugin = {
  meta: { name, version },
  rules,
  configs: {} as Record<PresetName, TSESLint.FlatConfig.Config>,
};

/** Flat configs generated from each rule's presets, never listed by hand. */
function preset(presetName: PresetName): TSESLint.FlatConfig.Config {
  const enabled: Record<string, TSESLint.SharedConfig.RuleEntry> = {};
  for (const r of tocscanRules) {
    const severity = r.presets[presetName];
    if (severity) enabled[`tocscan/${r.id}`] = severity === 'error' ? 'error' : 'warn';
  }
  return { name: `tocscan/${presetName}`, plugins: { tocscan: plugin as unknown as TSESLint.FlatConfig.Plugin }, rules: enabled };
}

plugin.configs.recommended = preset('recommended');
plugin.configs.strict = preset('strict');

export default plugin;
export { rules };
