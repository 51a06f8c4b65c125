// Lints the fixtures and the example with the plugin, as a user's project would:
//   npx eslint fixtures/ts examples
import tsParser from '@typescript-eslint/parser';
import tocscan from 'eslint-plugin-tocscan';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**'] },
  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
  { files: ['fixtures/ts/**', 'examples/**'], ...tocscan.configs.recommended },
];
