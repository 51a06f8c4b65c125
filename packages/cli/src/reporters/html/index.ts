/**
 * `--format html`: one self-contained page for the people fixing the races. Findings grouped by file,
 * then by table; each with its message, the code from the read (check) to the write (act), the two
 * statements and the race drawn as two requests side by side. No external resources: the page opens
 * from a CI artifact or an e-mail attachment as it is.
 */
import { docsUrl, type Finding } from '@tocscan/core';
import { groupBy } from '../../group.js';
import { summarize, type FileError, type Report } from '../../report.js';
import { plural } from '../../text.js';
import type { Reporter } from '../types.js';
import { codeOf } from './code.js';
import { anchor, html } from './escape.js';
import { SCRIPT, STYLE } from './style.js';
import { timelineOf } from './timeline.js';

function statements(f: Finding): string {
  const rows: string[] = [];
  if (f.read) rows.push(`<dt>read</dt><dd><span class="where">${html(`${f.read.file}:${f.read.loc.line}`)}</span> <code>${html(f.read.sql)}</code></dd>`);
  if (f.write) rows.push(`<dt>write</dt><dd><span class="where">${html(`${f.write.file}:${f.write.loc.line}`)}</span> <code>${html(f.write.sql)}</code></dd>`);
  for (const via of [f.read?.via, f.write?.via]) {
    if (via) rows.push(`<dt>in</dt><dd>${html(via.unit)} <span class="where">${html(`${via.file}:${via.loc.line}`)}</span></dd>`);
  }
  return rows.length > 0 ? `<dl class="statements">${rows.join('')}</dl>` : '';
}

function findingHtml(f: Finding, report: Report): string {
  const where = `${f.file}:${f.loc.line}:${f.loc.column + 1}`;
  return [
    `<article class="finding ${f.severity}" id="f-${anchor(f.fingerprint)}" data-rule="${html(f.ruleId)}" data-fingerprint="${html(f.fingerprint)}">`,
    '<header>',
    `<span class="sev">${f.severity}</span> <a class="rule" href="${html(docsUrl(f.ruleId))}">${html(f.ruleId)}</a> `,
    `<span class="where">${html(where)}${f.unit ? ` in ${html(f.unit)}` : ''}</span>`,
    `<p class="message">${html(f.message)}</p>`,
    '</header>',
    codeOf(f, report.sources.get(f.file)),
    statements(f),
    timelineOf(f),
    '</article>',
  ].join('');
}

function problemsHtml(errors: readonly FileError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `<li><span class="sev">${e.severity}</span> ${e.line !== undefined ? `${e.line}:${(e.column ?? 0) + 1} ` : ''}${html(e.message)} <span class="muted">(${html(e.kind)})</span></li>`);
  return `<ul class="problems">${items.join('')}</ul>`;
}

function fileSection(file: string, findings: readonly Finding[], errors: readonly FileError[], report: Report): string {
  const byTable = groupBy(findings, (f) => f.table ?? '');
  const tables = [...byTable.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const groups = tables.map((t) => {
    const list = byTable.get(t)!;
    const title = t === '' ? 'other findings' : `table <code>${html(t)}</code>`;
    return `<section class="table"><h3>${title} · ${plural(list.length, 'finding')}</h3>${list.map((f) => findingHtml(f, report)).join('')}</section>`;
  });
  return `<section class="file" id="file-${anchor(file)}"><h2>${html(file)}</h2>${problemsHtml(errors)}${groups.join('')}</section>`;
}

export const htmlReporter: Reporter = (report) => {
  const s = summarize(report);
  const findingsOf = groupBy(report.findings, (f) => f.file);
  const errorsOf = groupBy(report.errors, (e) => e.file);
  const files = [...new Set([...findingsOf.keys(), ...errorsOf.keys()])].sort();
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const chips = [...byRule]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, n]) => `<li><button type="button" data-rule="${html(rule)}" aria-pressed="true">${html(rule)} · ${n}</button></li>`);
  const title = report.findings.length === 0 ? 'No race found' : `${plural(report.findings.length, 'finding')} in ${plural(findingsOf.size, 'file')}`;
  const nav = files.map((file) => {
    const n = findingsOf.get(file)?.length ?? 0;
    return `<li><a href="#file-${anchor(file)}">${html(file)}</a> <span class="muted">${n > 0 ? plural(n, 'finding') : 'not fully scanned'}</span></li>`;
  });
  const sections = files.map((file) => fileSection(file, findingsOf.get(file) ?? [], errorsOf.get(file) ?? [], report));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>tocscan: ${html(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<header>',
    `<h1>tocscan: ${html(title)}</h1>`,
    `<div class="muted">${plural(s.filesScanned, 'file')} scanned · ${plural(s.errorCount, 'error')}, ${plural(s.warningCount, 'warning')} · preset ${html(report.preset)} · tocscan ${html(report.version)}</div>`,
    chips.length > 0 ? `<ul class="chips" aria-label="Show or hide a rule">${chips.join('')}</ul>` : '',
    '</header><main>',
    files.length === 0 ? `<p class="empty">✔ No problems found in ${plural(s.filesScanned, 'file')}.</p>` : `<nav><h2>Files</h2><ul>${nav.join('')}</ul></nav>`,
    ...sections,
    '</main>',
    '<footer class="muted">Each finding: a read decides a later write of the same table, and nothing makes the two atomic. The rule name links to what protects the pair.</footer>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
};
