/**
 * The project's configuration, found as the CLI finds it: `tocscan.config.json` (or `.tocscanrc.json`)
 * in the document's directory or the nearest one above it. The server reads what changes the findings
 * of one file: `preset`, per-rule `rules` (`off|warn|error`), `dialect`, `phpVersion`, the
 * in-house `queryFunctions`, `transactionFunctions` and `tablePrefixes`, and `include` / `exclude` (a
 * file the CLI leaves out gets no diagnostics; matched as the CLI matches them, @tocscan/core
 * project-files.ts), and `baseline` (findings it lists are not shown; see baselines.ts). An invalid
 * value is reported and left out (its default applies); the CLI would refuse the whole file.
 *
 * Each file is read again whenever its modification time or size changes, so an edit is picked up at
 * the next analysis even when the client does not watch files.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { projectFileFilter, type Dialect, type PresetName, type RuleSetting, type SourceSettings } from '@tocscan/core';

export const CONFIG_FILE_NAMES = ['tocscan.config.json', '.tocscanrc.json'] as const;

export interface ProjectConfig {
  preset: PresetName;
  /** Forced SQL dialect; otherwise inferred per file from the driver in sight. */
  dialect?: Dialect;
  /** Per-rule severity overrides. */
  rules: Record<string, RuleSetting>;
  /** PHP version the code targets. */
  phpVersion?: string;
  /** In-house query wrappers, transaction functions, table prefixes. */
  source: SourceSettings;
  /** The baseline file named by the configuration, as written (relative to `dir`). */
  baseline?: string;
  /** `include` / `exclude` of the file, when it has either. */
  include?: string[];
  exclude?: string[];
  /** The directory of the configuration file (none for the defaults). */
  dir?: string;
}

/** Each configuration's compiled include/exclude (configurations are cached until their file changes). */
const filters = new WeakMap<ProjectConfig, (path: string) => boolean>();

/** False when the configuration's `include` / `exclude` leave the file at `path` out, as a CLI run would. */
export function covers(config: ProjectConfig, path: string): boolean {
  if (!config.dir || (!config.include && !config.exclude)) return true;
  let keep = filters.get(config);
  if (!keep) filters.set(config, (keep = projectFileFilter(config.include, config.exclude)));
  return keep(relative(config.dir, path).split(sep).join('/'));
}

export interface ConfigRead {
  config: ProjectConfig;
  problems: string[];
}

const PRESETS: readonly PresetName[] = ['recommended', 'strict'];
const DIALECTS: readonly Dialect[] = ['mysql', 'postgresql', 'sqlite'];
const RULE_SETTINGS: Readonly<Record<string, RuleSetting>> = { off: 'off', warn: 'warning', error: 'error' };
const QUERY_RESULTS = ['rows', 'result', 'affected-rows'];
const ISOLATIONS = ['read-uncommitted', 'read-committed', 'repeatable-read', 'serializable'];

export function defaultProjectConfig(): ProjectConfig {
  return { preset: 'recommended', rules: {}, source: {} };
}

/** Parses a configuration file's text; never throws. */
export function parseProjectConfig(text: string, ruleIds: readonly string[]): ConfigRead {
  const config = defaultProjectConfig();
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { config, problems: [`not valid JSON (${error instanceof Error ? error.message : String(error)}); using the defaults`] };
  }
  if (!isObject(json)) return { config, problems: ['must contain a JSON object; using the defaults'] };
  const problems: string[] = [];
  const { preset, dialect, rules, phpVersion, queryFunctions, transactionFunctions, tablePrefixes, include, exclude, baseline } = json;
  if (preset !== undefined) {
    if (PRESETS.includes(preset as PresetName)) config.preset = preset as PresetName;
    else problems.push(`"preset" must be one of ${list(PRESETS)}, got ${show(preset)}; using "recommended"`);
  }
  if (dialect !== undefined) {
    if (DIALECTS.includes(dialect as Dialect)) config.dialect = dialect as Dialect;
    else problems.push(`"dialect" must be one of ${list(DIALECTS)}, got ${show(dialect)}; inferring it from the driver`);
  }
  if (rules !== undefined) {
    if (!isObject(rules)) problems.push(`"rules" must be an object of rule id → ${list(Object.keys(RULE_SETTINGS))}, got ${show(rules)}`);
    else {
      for (const [id, value] of Object.entries(rules)) {
        if (!ruleIds.includes(id)) problems.push(`"rules": unknown rule ${show(id)} (known: ${list(ruleIds)})`);
        else if (typeof value === 'string' && value in RULE_SETTINGS) config.rules[id] = RULE_SETTINGS[value];
        else problems.push(`"rules.${id}" must be one of ${list(Object.keys(RULE_SETTINGS))}, got ${show(value)}`);
      }
    }
  }
  if (phpVersion !== undefined) {
    if (typeof phpVersion === 'string' && /^\d+\.\d+$/.test(phpVersion)) config.phpVersion = phpVersion;
    else problems.push(`"phpVersion" must be a version like "7.4", got ${show(phpVersion)}`);
  }
  const check = (key: string, ok: boolean, value: unknown) => {
    if (!ok) problems.push(`"${key}" is not valid (see the CLI's schema, packages/cli/schema), got ${show(value)}; left out`);
    return ok;
  };
  if (queryFunctions !== undefined && check('queryFunctions', isEntryList(queryFunctions, isQueryFunction), queryFunctions)) {
    config.source.queryFunctions = queryFunctions as SourceSettings['queryFunctions'];
  }
  if (transactionFunctions !== undefined && check('transactionFunctions', isTransactionFunctions(transactionFunctions), transactionFunctions)) {
    config.source.transactionFunctions = transactionFunctions as SourceSettings['transactionFunctions'];
  }
  if (tablePrefixes !== undefined && check('tablePrefixes', isStringList(tablePrefixes), tablePrefixes)) {
    config.source.tablePrefixes = tablePrefixes as string[];
  }
  if (include !== undefined && check('include', isStringList(include), include)) config.include = include as string[];
  if (exclude !== undefined && check('exclude', isStringList(exclude), exclude)) config.exclude = exclude as string[];
  if (baseline !== undefined && check('baseline', typeof baseline === 'string' && baseline.length > 0, baseline)) config.baseline = baseline as string;
  return { config, problems };
}

/** Finds, reads and caches configuration files; `onProblems` hears about an invalid file once per version of it. */
export class ProjectConfigs {
  private readonly cache = new Map<string, { signature: string; config: ProjectConfig }>();

  constructor(
    private readonly ruleIds: readonly string[],
    private readonly onProblems: (file: string, problems: string[]) => void,
  ) {}

  /** The configuration for a document in `dir`; the defaults when there is none up to the file system root. */
  async configFor(dir: string | undefined): Promise<ProjectConfig> {
    const found = dir === undefined ? undefined : await findConfig(dir);
    if (!found) return defaultProjectConfig();
    const cached = this.cache.get(found.file);
    if (cached?.signature === found.signature) return cached.config;
    let read: ConfigRead;
    try {
      read = parseProjectConfig(await readFile(found.file, 'utf8'), this.ruleIds);
    } catch (error) {
      read = { config: defaultProjectConfig(), problems: [`cannot be read (${error instanceof Error ? error.message : String(error)})`] };
    }
    read.config.dir = dirname(found.file);
    if (found.also) read.problems.push(`${found.also} exists too and is ignored; keep one of them (the CLI refuses both)`);
    if (read.problems.length > 0) this.onProblems(found.file, read.problems);
    this.cache.set(found.file, { signature: found.signature, config: read.config });
    return read.config;
  }

  /** Forget every cached file (the client said one changed): the next analysis reads them again. */
  clear(): void {
    this.cache.clear();
  }
}

async function findConfig(start: string): Promise<{ file: string; signature: string; also?: string } | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const present: { file: string; signature: string }[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      const signature = await signatureOf(file);
      if (signature !== undefined) present.push({ file, signature });
    }
    if (present.length > 0) return { ...present[0], also: present[1]?.file };
    if (dirname(dir) === dir) return undefined;
  }
}

export async function signatureOf(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0);
}

/** A list of call patterns, each a string or an object whose `call` is one. */
function isEntryList(value: unknown, isEntry: (o: Record<string, unknown>) => boolean = () => true): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || (isObject(v) && typeof v.call === 'string' && isEntry(v)));
}

function isQueryFunction(o: Record<string, unknown>): boolean {
  return (o.sqlArgument === undefined || isIndex(o.sqlArgument)) && (o.returns === undefined || QUERY_RESULTS.includes(o.returns as string));
}

function isTransactionFunctions(value: unknown): boolean {
  if (!isObject(value)) return false;
  const entry = (o: Record<string, unknown>) =>
    (o.isolation === undefined || ISOLATIONS.includes(o.isolation as string)) && (o.callbackArgument === undefined || isIndex(o.callbackArgument));
  const { begin, commit, rollback, callback, ...rest } = value;
  return (
    Object.keys(rest).length === 0 &&
    (begin === undefined || isEntryList(begin, entry)) &&
    (commit === undefined || isStringList(commit)) &&
    (rollback === undefined || isStringList(rollback)) &&
    (callback === undefined || isEntryList(callback, entry))
  );
}

function isIndex(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
