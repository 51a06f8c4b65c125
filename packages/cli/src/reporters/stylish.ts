/**
 * Human-readable report, ESLint-like: problems grouped by file, then per finding a code frame at the
 * write, the read and write statements, and the two-request timeline; then a summary line.
 */
import type { Finding, Loc, Severity, StatementRef } from '@tocscan/core';
import { renderCodeFrame } from '../code-frame.js';
import { colors as makeColors, type Colors } from '../colors.js';
import { relatedBesides, summarize, type FileError, type FileErrorKind, type Report } from '../report.js';
import { oneLine, plural, truncate, width as textWidth, wrap } from '../text.js';
import { renderTimeline } from '../timeline.js';
import type { ReporterOptions } from './types.js';

const DETAIL_INDENT = '    ';

const KIND_LABEL: Record<FileErrorKind, string> = {
  unreadable: 'unreadable',
  binary: 'not text',
  'too-large': 'too large',
  unsupported: 'unsupported type',
  parse: 'parse error',
  syntax: 'syntax error',
  internal: 'internal error',
  timeout: 'too slow',
  'symlink-loop': 'symlink loop',
};

type Entry = { kind: 'finding'; finding: Finding } | { kind: 'error'; error: FileError };

function position(line: number | undefined, column: number | undefined): string {
  return line === undefined ? '' : `${line}:${(column ?? 0) + 1}`;
}

function where(file: string, loc: Pick<Loc, 'line' | 'column'>): string {
  return `${file}:${loc.line}:${loc.column + 1}`;
}

function severityText(severity: Severity, c: Colors): string {
  return severity === 'error' ? c.red('error') : c.yellow('warning');
}

/** `  12:5  error  message…  rule-id`, the message wrapped under itself. */
function headline(pos: string, severity: Severity, message: string, tag: string, width: number, c: Colors): string[] {
  const prefix = `  ${pos}${pos ? '  ' : ''}`;
  const indent = textWidth(prefix) + severity.length + 2;
  const room = Math.max(20, width - indent);
  const body = wrap(message, room);
  if (body.length === 0) body.push('');
  const last = body.length - 1;
  const tagFits = textWidth(body[last]) + 2 + textWidth(tag) <= room;
  const lines = body.map((text, i) => (i === 0 ? `${c.dim(prefix)}${severityText(severity, c)}  ${text}` : ' '.repeat(indent) + text));
  if (tagFits) lines[last] += `  ${c.dim(tag)}`;
  else lines.push(' '.repeat(indent) + c.dim(tag));
  return lines;
}

/** `read: path:12:5  SELECT …`, the SQL on the next line (cut to fit) when the line would be too long. */
function statement(label: string, ref: StatementRef, width: number, c: Colors): string[] {
  const head = `${label}: ${where(ref.file, ref.loc)}`;
  const sql = oneLine(ref.sql);
  const fits = textWidth(head) + 2 + textWidth(sql) <= width;
  const lines = fits ? [`${c.bold(head)}  ${sql}`] : [c.bold(head), `  ${truncate(sql, width - 2)}`];
  if (ref.via) lines.push(c.dim(truncate(`  in ${ref.via.unit} at ${where(ref.via.file, ref.via.loc)}`, width)));
  return lines;
}

function findingDetail(finding: Finding, report: Report, width: number, color: boolean, c: Colors): string[] {
  const inner = width - DETAIL_INDENT.length;
  const out: string[] = [''];
  const source = report.sources.get(finding.file);
  if (source !== undefined) out.push(...renderCodeFrame(source, finding.loc, inner, color).split('\n'), '');
  const statements: string[] = [];
  if (finding.read) statements.push(...statement('read', finding.read, inner, c));
  if (finding.write) statements.push(...statement('write', finding.write, inner, c));
  for (const r of relatedBesides(finding, [finding.read, finding.read?.via, finding.write?.via])) statements.push(c.dim(truncate(`${oneLine(r.message)}: ${where(r.file, r.loc)}`, inner)));
  if (statements.length > 0) out.push(...statements, '');
  const timeline = renderTimeline(finding.timeline, inner, c);
  if (timeline.length > 0) out.push(...timeline, '');
  return out.map((l) => (l === '' ? '' : DETAIL_INDENT + l));
}

function entryLine(e: Entry): number {
  return e.kind === 'finding' ? e.finding.loc.line : (e.error.line ?? 0);
}

function summaryLines(report: Report, c: Colors): string[] {
  const s = summarize(report);
  const problems = s.errorCount + s.warningCount;
  if (problems === 0) return [c.green(`✔ No problems found in ${plural(s.filesScanned, 'file')}.`)];
  const filesWithProblems = new Set([...report.findings.map((f) => f.file), ...report.errors.map((e) => e.file)]).size;
  const paint = s.errorCount > 0 ? c.red : c.yellow;
  const lines = [
    paint(
      c.bold(
        `✖ ${plural(problems, 'problem')} (${plural(s.errorCount, 'error')}, ${plural(s.warningCount, 'warning')}) ` +
          `in ${plural(filesWithProblems, 'file')} (${s.filesScanned} scanned)`,
      ),
    ),
  ];
  if (report.errors.length > 0) {
    const byKind = new Map<FileErrorKind, Set<string>>();
    for (const e of report.errors) byKind.set(e.kind, (byKind.get(e.kind) ?? new Set()).add(e.file));
    const files = new Set(report.errors.map((e) => e.file)).size;
    const kinds = [...byKind].map(([kind, set]) => `${set.size} ${KIND_LABEL[kind]}`).join(', ');
    lines.push(`  ${plural(files, 'file')} not fully scanned: ${kinds}`);
  }
  return lines;
}

export function stylish(report: Report, options: ReporterOptions): string {
  const c = makeColors(options.color);
  const width = options.width ?? 80;
  const byFile = new Map<string, Entry[]>();
  const add = (file: string, e: Entry) => {
    const list = byFile.get(file);
    if (list) list.push(e);
    else byFile.set(file, [e]);
  };
  for (const error of report.errors) add(error.file, { kind: 'error', error });
  for (const finding of report.findings) add(finding.file, { kind: 'finding', finding });

  const out: string[] = [];
  for (const file of [...byFile.keys()].sort()) {
    out.push(c.underline(file));
    const entries = byFile.get(file)!.sort((a, b) => entryLine(a) - entryLine(b));
    for (const e of entries) {
      if (e.kind === 'error') {
        const { error } = e;
        out.push(...headline(position(error.line, error.column), error.severity, error.message, KIND_LABEL[error.kind], width, c));
      } else {
        const { finding } = e;
        out.push(...headline(position(finding.loc.line, finding.loc.column), finding.severity, finding.message, finding.ruleId, width, c));
        out.push(...findingDetail(finding, report, width, options.color, c));
      }
    }
    out.push('');
  }
  out.push(...summaryLines(report, c));
  // A finding's detail block ends with a blank line, so does a file group: keep one.
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
