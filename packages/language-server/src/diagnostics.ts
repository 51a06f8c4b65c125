/**
 * Findings and parse problems as LSP diagnostics: the rule id as `code`, the rule's docs page as
 * `codeDescription`, the read as `relatedInformation`, the severity the preset or config gives.
 */
import { docsUrl, type Finding, type Loc, type ParseProblem } from '@tocscan/core';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const SOURCE = 'tocscan';

/** What the client said it can show (`textDocument.publishDiagnostics` capabilities). */
export interface DiagnosticSupport {
  relatedInformation: boolean;
  codeDescription: boolean;
}

/** Carried in `Diagnostic.data`, so a client that echoes it back names the finding exactly. */
export interface FindingData {
  fingerprint: string;
}

/** LSP range of a tocscan location (1-based line, 0-based UTF-16 column → 0-based both). */
export function rangeOf(loc: Loc): Range {
  return {
    start: { line: loc.line - 1, character: loc.column },
    end: { line: loc.endLine - 1, character: loc.endColumn },
  };
}

export function findingDiagnostic(finding: Finding, uri: string, support: DiagnosticSupport): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(finding.loc),
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    code: finding.ruleId,
    message: finding.message,
    data: { fingerprint: finding.fingerprint } satisfies FindingData,
  };
  if (support.codeDescription) diagnostic.codeDescription = { href: docsUrl(finding.ruleId) };
  if (support.relatedInformation && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.file === finding.file ? uri : pathToFileURL(r.file).href, range: rangeOf(r.loc) },
      message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * A problem reading the document. In an editor a half-typed file is the normal case and the
 * language's own tooling already underlines the syntax error, so these are quieter than in the CLI:
 * a syntax error read past is Information, a file that could not be read at all is a Warning.
 */
export function problemDiagnostic(problem: ParseProblem, document: TextDocument): Diagnostic {
  const line = Math.max(0, problem.line - 1);
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const start = Math.min(problem.column, lineText.replace(/\r?\n$/, '').length);
  const token = /^\S*/.exec(lineText.slice(start))![0];
  const syntax = problem.severity === 'syntax';
  return {
    range: { start: { line, character: start }, end: { line, character: start + token.length } },
    severity: syntax ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    source: SOURCE,
    code: syntax ? 'syntax' : 'parse',
    message: syntax ? `Syntax error (tocscan analysed the rest of the file): ${problem.message}` : `Parse error: ${problem.message}`,
  };
}

/** tocscan itself failed on the document (an internal error, a crashed or timed-out analysis): said once, at the top. */
export function failureDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: 'internal',
    message: `tocscan could not analyse this file (please report it): ${reason}`,
  };
}
