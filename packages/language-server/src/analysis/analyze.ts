/**
 * One document's analysis, the same steps as one file of a `tocscan` run: frontend → analysis →
 * rules → findings, then inline suppressions (core's parser, the CLI's syntax) and the project's
 * baseline (core's matching, the CLI's). Never throws for what the
 * text contains: a frontend or rule failure becomes a problem of the document.
 */
import {
  analyzeFiles,
  findingsFor,
  hideBaselined,
  parseSuppressions,
  presetSeverities,
  suppressionFor,
  type Dialect,
  type FileModel,
  type Finding,
  type Lang,
  type SourceSettings,
} from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import { rules } from '@tocscan/rules';
import type { AnalysisRequest, AnalysisResult } from './protocol.js';

type Frontend = (text: string, path: string, options: SourceSettings & { dialect?: Dialect; phpVersion?: string }) => FileModel;

/** The TypeScript frontend loads the TypeScript compiler (~0.3 s): only when a TS/JS document asks. */
let tsFrontend: Promise<Frontend> | undefined;

function frontendFor(lang: Lang): Promise<Frontend> {
  if (lang === 'php') return Promise.resolve(parsePhp);
  tsFrontend ??= import('@tocscan/lang-ts').then((m) => (text, path, { phpVersion: _, ...options }) => m.parseTs(text, path, options));
  return tsFrontend;
}

export async function analyzeText(request: AnalysisRequest): Promise<AnalysisResult> {
  const parse = await frontendFor(request.lang);
  let model: FileModel;
  try {
    model = parse(request.text, request.path, { ...request.source, dialect: request.dialect, phpVersion: request.phpVersion });
  } catch (error) {
    return { findings: [], problems: [], failure: failure('in the frontend', error) };
  }
  let findings: Finding[];
  try {
    const [analysis] = analyzeFiles([model]);
    findings = findingsFor(analysis, rules, presetSeverities(rules, request.preset, request.rules));
  } catch (error) {
    return { findings: [], problems: model.problems, failure: failure('while running the rules', error) };
  }
  const suppressions = parseSuppressions(request.text, request.lang);
  findings = findings.filter((f) => !suppressionFor(suppressions, f.ruleId, f.loc.line));
  const baseline = request.baseline;
  if (baseline?.entries.length) findings = hideBaselined(findings, baseline.entries, () => baseline.file).kept;
  return { findings, problems: model.problems };
}

function failure(where: string, error: unknown): string {
  return `internal error ${where}: ${error instanceof Error ? error.message : String(error)}`;
}
