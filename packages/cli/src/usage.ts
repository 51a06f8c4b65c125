/**
 * The README's flag list is `tocscan --help` itself, rendered at a fixed width, between two markers:
 * `scripts/readme-flags.mjs` writes it and a test fails when the README differs, so the documented
 * flags cannot drift from the real ones.
 */
import { buildCommand } from './args.js';

export const USAGE_START = '<!-- cli-usage:start -->';
export const USAGE_END = '<!-- cli-usage:end -->';
/** Wide enough for the option descriptions, narrow enough for a README. */
export const USAGE_WIDTH = 100;

/** `tocscan --help` at USAGE_WIDTH columns, colourless, whatever the terminal. */
export function helpText(): string {
  const out = { stdout: '', stderr: '' };
  const command = buildCommand('', out);
  command.configureHelp({ helpWidth: USAGE_WIDTH });
  command.outputHelp();
  return out.stdout;
}

/** The README with the block between the markers replaced by the help text. */
export function withUsage(readme: string, help: string = helpText()): string {
  const start = readme.indexOf(USAGE_START);
  const end = readme.indexOf(USAGE_END);
  if (start < 0 || end < start) throw new Error(`The README has no ${USAGE_START} … ${USAGE_END} block.`);
  const block = `${USAGE_START}\n\`\`\`\n$ tocscan --help\n${help.trimEnd()}\n\`\`\`\n`;
  return readme.slice(0, start) + block + readme.slice(end);
}
