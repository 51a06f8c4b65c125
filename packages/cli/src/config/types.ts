/**
 * `tocscan.config.json` (or `.tocscanrc.json`) as the schema in packages/cli/schema describes it.
 */
import type { Dialect, PresetName, SourceSettings } from '@tocscan/core';

export type ConfigSeverity = 'off' | 'warn' | 'error';

export interface TocscanConfig extends SourceSettings {
  $schema?: string;
  include?: string[];
  exclude?: string[];
  preset?: PresetName;
  rules?: Record<string, ConfigSeverity>;
  dialect?: Dialect;
  phpVersion?: string;
  baseline?: string;
}

/** A configuration file that was found, read and validated. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its directory: the base of its globs and paths. */
  dir: string;
  config: TocscanConfig;
}
