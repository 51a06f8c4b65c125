/**
 * JUnit XML, as CI servers read test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure):
 * one `<testsuite>` per scanned file; one failing `<testcase>` per finding (its rule and position in
 * the name, the read, the write and the two-request timeline in the body) and per problem of the file
 * (`<error>`); a file with neither has one passing test case, so the totals count every file.
 */
import type { Finding } from '@tocscan/core';
import { groupBy } from '../group.js';
import type { FileError, Report } from '../report.js';
import { oneLine } from '../text.js';
import type { Reporter } from './types.js';

export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function findingBody(f: Finding): string {
  const lines = [`${f.file}:${f.loc.line}:${f.loc.column + 1}  ${f.severity}  ${f.message}`];
  if (f.read) lines.push(`read:  ${f.read.file}:${f.read.loc.line}:${f.read.loc.column + 1}  ${oneLine(f.read.sql)}`);
  if (f.write) lines.push(`write: ${f.write.file}:${f.write.loc.line}:${f.write.loc.column + 1}  ${oneLine(f.write.sql)}`);
  if (f.timeline.length > 0) {
    lines.push('', 'Two requests at once:');
    for (const row of f.timeline) {
      if (row.a !== undefined) lines.push(`  A: ${row.a}`);
      if (row.b !== undefined) lines.push(`  B: ${row.b}`);
      if (row.note) lines.push(`  ← ${row.note}`);
    }
  }
  return lines.join('\n');
}

function findingCase(f: Finding): string {
  const name = `${f.ruleId} at ${f.loc.line}:${f.loc.column + 1}${f.table ? ` (${f.table})` : ''}`;
  return [
    `    <testcase name="${escapeXml(name)}" classname="${escapeXml(f.file)}" file="${escapeXml(f.file)}" line="${f.loc.line}" time="0">`,
    `      <failure type="${escapeXml(f.ruleId)}" message="${escapeXml(oneLine(f.message))}">${escapeXml(findingBody(f))}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function errorCase(e: FileError): string {
  const at = e.line === undefined ? '' : ` at ${e.line}:${(e.column ?? 0) + 1}`;
  const tag = e.severity === 'error' ? 'error' : 'failure';
  return [
    `    <testcase name="${escapeXml(`${e.kind}${at}`)}" classname="${escapeXml(e.file)}" file="${escapeXml(e.file)}"${e.line === undefined ? '' : ` line="${e.line}"`} time="0">`,
    `      <${tag} type="${escapeXml(e.kind)}" message="${escapeXml(oneLine(e.message))}">${escapeXml(e.message)}</${tag}>`,
    '    </testcase>',
  ].join('\n');
}

export const junit: Reporter = (report: Report) => {
  const findingsOf = groupBy(report.findings, (f) => f.file);
  const errorsOf = groupBy(report.errors, (e) => e.file);
  const files = [...new Set([...report.files, ...report.errors.map((e) => e.file), ...report.findings.map((f) => f.file)])].sort();
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const file of files) {
    const found = findingsOf.get(file) ?? [];
    const problems = errorsOf.get(file) ?? [];
    const failed = found.length + problems.filter((e) => e.severity !== 'error').length;
    const errored = problems.filter((e) => e.severity === 'error').length;
    const cases = [...problems.map(errorCase), ...found.map(findingCase)];
    if (cases.length === 0) cases.push(`    <testcase name="no race found" classname="${escapeXml(file)}" file="${escapeXml(file)}" time="0"/>`);
    const count = Math.max(1, found.length + problems.length);
    tests += count;
    failures += failed;
    errors += errored;
    suites.push(
      `  <testsuite name="${escapeXml(file)}" tests="${count}" failures="${failed}" errors="${errored}" skipped="0" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tocscan" tests="${tests}" failures="${failures}" errors="${errors}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
