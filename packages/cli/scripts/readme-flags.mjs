#!/usr/bin/env node
// Rewrites the flag list in the repository's README.md (between <!-- cli-usage:start --> and
// <!-- cli-usage:end -->) from `tocscan --help`. Run after changing a flag (needs a build: npx tsc -b):
//   node packages/cli/scripts/readme-flags.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withUsage } from '../dist/usage.js';

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withUsage(before);
if (after === before) {
  console.log('README.md: the flag list is up to date.');
} else {
  writeFileSync(readme, after);
  console.log('README.md: the flag list was rewritten from tocscan --help.');
}
