/**
 * What the server sends the analysis worker and what comes back. Everything here survives
 * `postMessage` (structured clone): plain data only.
 */
import type { BaselineEntry, Dialect, Finding, Lang, ParseProblem, PresetName, RuleSetting, SourceSettings } from '@tocscan/core';

export interface AnalysisRequest {
  /** The document's text as the editor holds it (never the file on disk). */
  text: string;
  /** File path (or URI for unsaved documents) the findings carry. */
  path: string;
  lang: Lang;
  preset: PresetName;
  dialect?: Dialect;
  /** Per-rule severity overrides from the project config. */
  rules: Record<string, RuleSetting>;
  /** In-house query wrappers, transaction functions and table prefixes from the project config. */
  source: SourceSettings;
  /** PHP version the code targets (PHP documents). */
  phpVersion?: string;
  /** The project baseline's entries for this file, and the file as they name it (relative to the baseline). */
  baseline?: { file: string; entries: BaselineEntry[] };
}

/** A replacement of `text.slice(offset, endOffset)` (UTF-16 offsets into the analysed text). */
export interface OffsetEdit {
  offset: number;
  endOffset: number;
  newText: string;
}

/**
 * Quick fixes are computed when the editor asks for code actions, for the findings under the cursor
 * only: each fix is verified by parsing and analysing the fixed text again, too much work to do for
 * every finding of a large file on every keystroke.
 */
export interface FixRequest extends AnalysisRequest {
  findings: Finding[];
}

export interface QuickFix {
  title: string;
  edits: OffsetEdit[];
  /** The fix to apply when the user asks for "the" fix (`isPreferred`). */
  preferred: boolean;
}

export interface AnalysisResult {
  /** Findings left after inline suppressions and the baseline, in source order. */
  findings: Finding[];
  /** Syntax errors the frontend read past, or why it could not read the text at all. */
  problems: ParseProblem[];
  /** tocscan's own failure (a frontend or rule threw): findings may be missing. */
  failure?: string;
}

export type WorkerRequest = { id: number; kind: 'analyze'; request: AnalysisRequest } | { id: number; kind: 'fix'; request: FixRequest };

/** `result`: an AnalysisResult for 'analyze', the fixes of each requested finding (by index) for 'fix'. */
export type WorkerResponse = { id: number; result: AnalysisResult | QuickFix[][] } | { id: number; error: string };
