/**
 * What a run does, from the command line and the configuration: the command line wins over the
 * file, the file over the defaults.
 */
import { resolve } from 'node:path';
import type { Dialect, PresetName, RuleSetting, SourceSettings } from '@tocscan/core';
import type { CliOptions } from '../args.js';
import { DEFAULT_BASELINE } from '../adopt/baseline.js';
import type { ChangeScope } from '../adopt/changed.js';
import { UsageError } from '../discover.js';
import type { FrontendOptions } from '../frontends.js';
import { fileFilter } from './glob.js';
import { loadConfig } from './load.js';
import type { ConfigSeverity, LoadedConfig } from './types.js';

export interface RunPlan {
  config?: LoadedConfig;
  patterns: string[];
  preset: PresetName;
  dialect?: Dialect;
  ruleSettings: Record<string, RuleSetting>;
  /** Settings every frontend receives (besides the dialect). */
  frontend: Omit<FrontendOptions, 'dialect'>;
  /** Keeps a (cwd-relative) file; undefined: every file. */
  keep?: (file: string) => boolean;
  /** Baseline to filter with (absolute), or to write with `generate`. */
  baseline?: { path: string; generate: boolean };
  changes?: ChangeScope;
}

const SEVERITY: Record<ConfigSeverity, RuleSetting> = { off: 'off', warn: 'warning', error: 'error' };

function sourceSettings(config: SourceSettings): SourceSettings {
  const { queryFunctions, transactionFunctions, tablePrefixes } = config;
  return {
    ...(queryFunctions ? { queryFunctions } : {}),
    ...(transactionFunctions ? { transactionFunctions } : {}),
    ...(tablePrefixes ? { tablePrefixes } : {}),
  };
}

function baselineOf(options: CliOptions, config: LoadedConfig | undefined, cwd: string): RunPlan['baseline'] {
  const fromConfig = config?.config.baseline !== undefined ? resolve(config.dir, config.config.baseline) : undefined;
  if (options.generateBaseline !== undefined) {
    if (options.baseline !== undefined) throw new UsageError('--generate-baseline writes a new baseline; it cannot be combined with --baseline.');
    if (options.changedSince !== undefined || options.staged || options.shard) {
      throw new UsageError('--generate-baseline records every finding; it cannot be combined with --changed-since, --staged or --shard.');
    }
    const target = typeof options.generateBaseline === 'string' ? resolve(cwd, options.generateBaseline) : (fromConfig ?? resolve(cwd, DEFAULT_BASELINE));
    return { path: target, generate: true };
  }
  if (options.baseline !== undefined) return { path: resolve(cwd, options.baseline), generate: false };
  return fromConfig ? { path: fromConfig, generate: false } : undefined;
}

/** Throws UsageError (ConfigError) for an unusable configuration or contradicting options. */
export function planRun(options: CliOptions, fromCommandLine: ReadonlySet<string>, cwd: string): RunPlan {
  if (options.changedSince !== undefined && options.staged) throw new UsageError('Use either --changed-since or --staged, not both.');
  const loaded = loadConfig(options.config, options.patterns, cwd);
  const config = loaded?.config ?? {};
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const [id, severity] of Object.entries(config.rules ?? {})) ruleSettings[id] = SEVERITY[severity];
  const filtered = loaded && (config.include?.length || config.exclude?.length);
  return {
    config: loaded,
    patterns: options.patterns,
    preset: fromCommandLine.has('preset') ? options.preset : (config.preset ?? options.preset),
    dialect: options.dialect ?? config.dialect,
    ruleSettings,
    frontend: { ...sourceSettings(config), ...(config.phpVersion ? { phpVersion: config.phpVersion } : {}) },
    ...(filtered ? { keep: fileFilter(loaded.dir, cwd, config.include, config.exclude) } : {}),
    baseline: baselineOf(options, loaded, cwd),
    ...(options.changedSince !== undefined ? { changes: { since: options.changedSince } } : options.staged ? { changes: { staged: true as const } } : {}),
  };
}
