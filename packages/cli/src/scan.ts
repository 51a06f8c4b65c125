/**
 * One run: discover files → read → parse (frontend by extension) → analyse all models together
 * (so helpers resolve across the project) → run the rules → findings and per-file problems.
 * Nothing here prints; a per-file problem never stops the run.
 */
import { resolve } from 'node:path';
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
} from '@tocscan/core';
import { rules as allRules } from '@tocscan/rules';
import { discover } from './discover.js';
import { frontendFor } from './frontends.js';
import { langOf, SUPPORTED_EXTENSIONS } from './languages.js';
import { readSource } from './read.js';
import { compareFileErrors, FILE_ERROR_SEVERITY, type FileError, type FileErrorKind, type Report, type RuleInfo } from './report.js';

export interface ScanOptions {
  /** Scan root: patterns resolve from here and reported paths are relative to it. */
  cwd: string;
  preset: PresetName;
  /** Forced SQL dialect; otherwise each frontend infers it from the drivers in sight. */
  dialect?: Dialect;
  maxFileSize: number;
  /** The rules to run; default: every rule of @tocscan/rules. */
  rules?: readonly RuleModule[];
}

export type ScanResult = Pick<Report, 'files' | 'findings' | 'errors' | 'rules' | 'sources'>;

function fileError(file: string, kind: FileErrorKind, message: string, line?: number, column?: number): FileError {
  return { file, kind, severity: FILE_ERROR_SEVERITY[kind], message, ...(line !== undefined ? { line, column } : {}) };
}

function problemsOf(model: FileModel): FileError[] {
  return model.problems.map((p) =>
    p.severity === 'fatal'
      ? fileError(model.path, 'parse', `Parse error: ${p.message}`, p.line, p.column)
      : fileError(model.path, 'syntax', `Syntax error (rest of the file still analysed): ${p.message}`, p.line, p.column),
  );
}

/** Throws UsageError (from discovery) when a path does not exist or a glob matches nothing. */
export async function scan(patterns: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const rules = options.rules ?? allRules;
  const severities = presetSeverities(rules, options.preset);
  const { files, unsupported } = await discover(patterns, options.cwd);
  const errors: FileError[] = unsupported.map((f) =>
    fileError(f, 'unsupported', `File ignored: tocscan reads ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(' ')} files.`),
  );
  const models: FileModel[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const read = await readSource(resolve(options.cwd, file), options.maxFileSize);
    if (!read.ok) {
      errors.push(fileError(file, read.kind, read.message));
      continue;
    }
    const lang = langOf(file)!;
    const parse = await frontendFor(lang);
    let model: FileModel;
    try {
      model = parse(read.text, file, { dialect: options.dialect });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      errors.push(fileError(file, 'internal', `Internal error in the ${lang === 'php' ? 'PHP' : 'TypeScript'} frontend (please report it): ${detail}`));
      continue;
    }
    errors.push(...problemsOf(model));
    models.push(model);
    texts.set(file, read.text);
  }
  const findings: Finding[] = [];
  for (const analysis of analyzeFiles(models)) {
    try {
      findings.push(...findingsFor(analysis, rules, severities));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      errors.push(fileError(analysis.file, 'internal', `Internal error while running the rules (please report it): ${detail}`));
    }
  }
  findings.sort(compareFindings);
  errors.sort(compareFileErrors);
  const sources = new Map<string, string>();
  for (const f of findings) {
    const text = texts.get(f.file);
    if (text !== undefined) sources.set(f.file, text);
  }
  const ruleInfo: RuleInfo[] = rules
    .filter((r) => severities.has(r.id))
    .map((r) => ({ id: r.id, description: r.description, severity: severities.get(r.id)! }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { files, findings, errors, rules: ruleInfo, sources };
}
