/** The README's flag list is generated from the CLI's own definition (scripts/readme-flags.mjs); it must not drift. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText, USAGE_END, USAGE_START, withUsage } from '../src/usage.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README flag list', () => {
  it('is what `tocscan --help` prints (run `node packages/cli/scripts/readme-flags.mjs` after changing a flag)', () => {
    const block = (text: string) => text.slice(text.indexOf(USAGE_START), text.indexOf(USAGE_END));
    expect(block(readme)).toBe(block(withUsage(readme)));
  });

  it('documents every flag', () => {
    const help = helpText();
    for (const flag of ['--format', '--config', '--no-config', '--baseline', '--generate-baseline', '--report-unused-suppressions', '--changed-since', '--staged', '--max-warnings', '--quiet', '--output-file', '--no-color', '--no-progress']) {
      expect(help, flag).toContain(flag);
    }
    expect(help).toContain('"junit", "html"');
  });

  it('replaces only the text between the markers', () => {
    const text = `intro\n${USAGE_START}\nold\n${USAGE_END}\noutro\n`;
    const out = withUsage(text, 'Usage: tocscan\n');
    expect(out).toBe(`intro\n${USAGE_START}\n\`\`\`\n$ tocscan --help\nUsage: tocscan\n\`\`\`\n${USAGE_END}\noutro\n`);
    expect(() => withUsage('no markers')).toThrow(/no <!-- cli-usage:start -->/);
  });
});
