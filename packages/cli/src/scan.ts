/**
 * One run: discover files → read, prefilter and parse them (pool/: worker threads, cache, shard) →
 * analyse all models together (so helpers resolve across the project) → run the rules → findings and
 * per-file problems. Nothing here prints; a per-file problem never stops the run.
 */
import {
  analyzeFiles,
  compareFindings,
  findingsFor,
  presetSeverities,
  type Dialect,
  type FileModel,
  type Finding,
  type PresetName,
  type RuleModule,
  type RuleSetting,
} from '@tocscan/core';
import { rules as allRules } from '@tocscan/rules';
import { discover } from './discover.js';
import type { FrontendOptions } from './frontends.js';
import { SUPPORTED_EXTENSIONS } from './languages.js';
import { projectModels, sourcesOf, type ScaleOptions, type ScanStats } from './pool/models.js';
import { compareFileErrors, FILE_ERROR_SEVERITY, type FileError, type FileErrorKind, type Report, type RuleInfo } from './report.js';

export interface ScanOptions extends ScaleOptions {
  /** Scan root: patterns resolve from here and reported paths are relative to it. */
  cwd: string;
  preset: PresetName;
  /** Forced SQL dialect; otherwise each frontend infers it from the drivers in sight. */
  dialect?: Dialect;
  maxFileSize: number;
  /** The rules to run; default: every rule of @tocscan/rules. */
  rules?: readonly RuleModule[];
  /** Per-rule severity over the preset (configuration `rules`). */
  ruleSettings?: Record<string, RuleSetting>;
  /** Query wrappers, transaction functions, table prefixes, PHP version for the frontends. */
  frontend?: Omit<FrontendOptions, 'dialect'>;
  /** Keeps a discovered file (configuration `include`/`exclude`); default: all. */
  keep?: (file: string) => boolean;
  /** Called after each file is read and parsed. */
  onProgress?: (done: number, total: number) => void;
}

export type ScanResult = Pick<Report, 'files' | 'findings' | 'errors' | 'rules' | 'sources'> & {
  /** How the run went: files read, parsed, taken from the cache, threads. */
  stats?: ScanStats;
  /** Messages about the run itself (not about a file), e.g. a cache that could not be written. */
  notes?: string[];
};

function fileError(file: string, kind: FileErrorKind, message: string, line?: number, column?: number): FileError {
  return { file, kind, severity: FILE_ERROR_SEVERITY[kind], message, ...(line !== undefined ? { line, column } : {}) };
}

function problemsOf(model: Pick<FileModel, 'path' | 'problems'>): FileError[] {
  return model.problems.map((p) =>
    p.severity === 'fatal'
      ? fileError(model.path, 'parse', `Parse error: ${p.message}`, p.line, p.column)
      : fileError(model.path, 'syntax', `Syntax error (rest of the file still analysed): ${p.message}`, p.line, p.column),
  );
}

/** Throws UsageError (from discovery) when a path does not exist or a glob matches nothing. */
export async function scan(patterns: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const rules = options.rules ?? allRules;
  const severities = presetSeverities(rules, options.preset, options.ruleSettings);
  const discovered = await discover(patterns, options.cwd);
  const keep = options.keep ?? (() => true);
  const all = discovered.files.filter(keep);
  const unsupported = discovered.unsupported.filter(keep).filter(() => !options.shard || options.shard.index === 1);
  // Explicitly named files of other types, and faults of the walk, are reported once, by the first shard.
  const errors: FileError[] = unsupported.map((f) =>
    fileError(f, 'unsupported', `File ignored: tocscan reads ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(' ')} files.`),
  );
  if (!options.shard || options.shard.index === 1) {
    for (const link of discovered.symlinkLoops ?? []) errors.push(fileError(link, 'symlink-loop', 'Symbolic link to a directory that contains it: not followed (the files it leads to are scanned once).'));
    for (const dir of discovered.unreadableDirectories ?? []) errors.push(fileError(dir.path, 'unreadable', `Cannot read directory (${dir.message}); its files were not scanned.`));
  }
  const run = await projectModels(all, {
    ...options,
    frontend: { ...options.frontend, dialect: options.dialect },
  });
  const files = run.files;
  for (const f of run.failures) errors.push(fileError(f.file, f.kind, f.message));
  for (const model of run.problems) errors.push(...problemsOf(model));
  // The analysis, or (--cache, no file changed) what it gave the last time with the same rules.
  const settings = { rules: rules.map((r) => r.id), severities: [...severities] };
  const analysed = (run.reuse(settings) as { findings: Finding[]; errors: FileError[] } | undefined) ?? analyse();
  const findings = [...analysed.findings];
  errors.push(...analysed.errors);
  findings.sort(compareFindings);
  errors.sort(compareFileErrors);
  const sources = sourcesOf(new Set(findings.map((f) => f.file)), options.cwd, options.maxFileSize);
  const ruleInfo: RuleInfo[] = rules
    .filter((r) => severities.has(r.id))
    .map((r) => ({ id: r.id, description: r.description, severity: severities.get(r.id)! }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { files, findings, errors, rules: ruleInfo, sources, stats: run.stats, notes: run.notes };

  function analyse(): { findings: Finding[]; errors: FileError[] } {
    const out = { findings: [] as Finding[], errors: [] as FileError[] };
    for (const analysis of analyzeFiles(run.models)) {
      if (!run.reports(analysis.file)) continue;
      try {
        out.findings.push(...findingsFor(analysis, rules, severities));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        out.errors.push(fileError(analysis.file, 'internal', `Internal error while running the rules (please report it): ${detail}`));
      }
    }
    run.remember(settings, out);
    return out;
  }
}
