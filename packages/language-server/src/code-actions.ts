/**
 * Code actions for the findings under the cursor: the fixers' quick fixes, and "suppress on this
 * line", which writes the inline suppression comment above the finding's line (or adds the rule to
 * the suppression comment already there).
 */
import { parseSuppressions, type Finding, type Lang, type Suppression } from '@tocscan/core';
import {
  CodeActionKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OffsetEdit, QuickFix } from './analysis/protocol.js';
import type { DocumentState } from './document-analyses.js';

export const SUPPRESSION_DIRECTIVE = 'tocscan-ignore-next-line';

/** What the user replaces with the reason the code is safe. */
export const REASON_PLACEHOLDER = 'TODO: say why this is safe';

export interface EditSupport {
  /** `workspace.workspaceEdit.documentChanges`: versioned edits, refused by the client if the text moved on. */
  documentChanges: boolean;
}

/** Whether the request wants the kinds of action tocscan offers (`quickfix`). */
export function wantsQuickFixes(params: CodeActionParams): boolean {
  return !params.context.only || params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
}

/** Indexes of the findings on the requested lines. */
export function findingsAt(state: DocumentState, range: Range): number[] {
  return state.diagnostics.slice(0, state.result.findings.length).flatMap((d, i) => (overlaps(d.range, range) ? [i] : []));
}

/** Actions for the findings at `indexes`: each one's quick fixes (`fixes`, by finding index), then its suppression. */
export function codeActionsFor(
  document: TextDocument,
  lang: Lang,
  state: DocumentState,
  indexes: readonly number[],
  fixes: ReadonlyMap<number, readonly QuickFix[]>,
  support: EditSupport,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const i of indexes) {
    const finding = state.result.findings[i];
    const diagnostic = state.diagnostics[i];
    for (const fix of fixes.get(i) ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: workspaceEdit(document, fix.edits.map((e) => offsetEdit(document, e)), support),
      });
    }
    const suppress = suppressionEdit(document, lang, finding);
    if (suppress) {
      actions.push({
        title: `Suppress ${finding.ruleId} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(document, [suppress], support),
      });
    }
  }
  return actions;
}

/**
 * The edit that silences `finding` with a comment on the line above it: a new
 * `// tocscan-ignore-next-line <rule> -- <reason>` line, or the rule added to the suppression comment
 * (tocscan's, or ESLint's for tocscan rules) already there. Undefined when a line comment cannot go
 * there (the finding's line opens PHP: the line above is HTML) or the rule is already named.
 */
export function suppressionEdit(document: TextDocument, lang: Lang, finding: Finding): TextEdit | undefined {
  const line = finding.loc.line - 1;
  const text = lineAt(document, line);
  if (lang === 'php' && /<\?/.test(text.slice(0, finding.loc.column))) return undefined;
  const existing = parseSuppressions(document.getText(), lang).find(
    (s) => s.targetLine === finding.loc.line && s.loc.endLine === finding.loc.line - 1,
  );
  if (existing) {
    if (existing.rules.length === 0 || existing.rules.includes(finding.ruleId)) return undefined;
    const id = existing.kind === 'eslint' ? `tocscan/${finding.ruleId}` : finding.ruleId;
    return TextEdit.insert(document.positionAt(idsEnd(document.getText(), existing)), `, ${id}`);
  }
  const indent = /^[ \t]*/.exec(text)![0];
  const eol = document.getText().includes('\r\n') ? '\r\n' : '\n';
  return TextEdit.insert({ line, character: 0 }, `${indent}// ${SUPPRESSION_DIRECTIVE} ${finding.ruleId} -- ${REASON_PLACEHOLDER}${eol}`);
}

/** Offset just after the last rule id of a suppression comment (before ` -- reason` and `*\/`). */
function idsEnd(text: string, suppression: Suppression): number {
  const comment = text.slice(suppression.loc.offset, suppression.loc.endOffset);
  const directive = /(tocscan-ignore-next-line|eslint-disable-next-line)/.exec(comment)!;
  const bodyStart = directive.index + directive[0].length;
  const body = comment.slice(bodyStart).replace(/\*\/$/, '');
  const dash = /(?:^|\s)--+(?:\s|$)/.exec(body);
  return suppression.loc.offset + bodyStart + (dash ? body.slice(0, dash.index) : body).trimEnd().length;
}

function workspaceEdit(document: TextDocument, edits: TextEdit[], support: EditSupport): WorkspaceEdit {
  if (support.documentChanges) {
    return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
  }
  return { changes: { [document.uri]: edits } };
}

function offsetEdit(document: TextDocument, edit: OffsetEdit): TextEdit {
  return TextEdit.replace({ start: document.positionAt(edit.offset), end: document.positionAt(edit.endOffset) }, edit.newText);
}

function lineAt(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** Whether two ranges share a line (a cursor anywhere on the finding's lines asks for its actions). */
function overlaps(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
