/**
 * Reading the configuration: find it (or take the one named with --config), parse the JSON, validate
 * it against the published schema. Every failure is a ConfigError naming the file and the key.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../discover.js';
import { ConfigError } from './errors.js';
import { findConfigFile } from './find.js';
import { configMessages } from './messages.js';
import { schemaErrors } from './schema.js';
import type { LoadedConfig, TocscanConfig } from './types.js';

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumn(text, Number(at[1]))}` : '';
    const what = message.replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new ConfigError(`Invalid configuration ${shown}: not valid JSON${where}: ${what}.`);
  }
}

/** Reads and validates one configuration file. */
export function readConfig(file: string, cwd: string): LoadedConfig {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const value = parseJson(text, shown);
  const messages = configMessages(schemaErrors(value));
  if (messages.length > 0) {
    throw new ConfigError(`Invalid configuration ${shown}:\n${messages.map((m) => `  ${m}`).join('\n')}`);
  }
  return { file, dir: dirname(file), config: value as TocscanConfig };
}

/**
 * The configuration of a run: `--config <file>`, none with `--no-config`, else the one found from the
 * scanned paths upwards.
 */
export function loadConfig(option: string | false | undefined, patterns: readonly string[], cwd: string): LoadedConfig | undefined {
  if (option === false) return undefined;
  const file = option !== undefined ? resolve(cwd, option) : findConfigFile(patterns, cwd);
  return file === undefined ? undefined : readConfig(file, cwd);
}
