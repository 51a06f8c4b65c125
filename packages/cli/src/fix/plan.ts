/**
 * Fixing the files of a report: for each file with findings, the fix engine applies the preferred
 * verified fix per finding the report shows (suppressed and baselined findings are left alone).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fixText, type Dialect, type Finding, type Fix, type FixKind, type Severity } from '@tocscan/core';
import { rules as allRules } from '@tocscan/rules';
import type { FrontendOptions } from '../frontends.js';
import { langOf } from '../languages.js';
import type { Report } from '../report.js';
import { fixLanguageFor } from './languages.js';

export interface FixSettings {
  kinds?: readonly FixKind[];
  dialect?: Dialect;
  frontend: Omit<FrontendOptions, 'dialect'>;
}

export interface FileFix {
  file: string;
  before: string;
  after: string;
  applied: { finding: Finding; fix: Fix }[];
  /** Findings a fix made for another finding removed too. */
  alsoFixed: Finding[];
  /** Findings of the report still there after the fixes, and why. */
  remaining: { finding: Finding; reason: string }[];
}

function byFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.file);
    if (list) list.push(f);
    else out.set(f.file, [f]);
  }
  return out;
}

export async function fixReport(report: Report, settings: FixSettings): Promise<FileFix[]> {
  const severities = new Map<string, Severity>(report.rules.map((r) => [r.id, r.severity]));
  const out: FileFix[] = [];
  for (const [file, findings] of byFile(report.findings)) {
    const lang = langOf(file);
    if (!lang) continue;
    const before = report.sources.get(file) ?? (await readFile(resolve(report.root, file), 'utf8'));
    const wanted = new Set(findings.map((f) => f.fingerprint));
    const language = await fixLanguageFor(lang, { ...settings.frontend, dialect: settings.dialect });
    const result = fixText(before, file, language, {
      rules: allRules,
      severities,
      kinds: settings.kinds,
      dialect: settings.dialect,
      targets: (f) => wanted.has(f.fingerprint),
    });
    const located = new Set(result.initial.map((f) => f.fingerprint));
    const handled = new Set([...result.applied.map((a) => a.finding.fingerprint), ...result.remaining.map((r) => r.finding.fingerprint)]);
    const alsoFixed = result.initial.filter((f) => !handled.has(f.fingerprint));
    const elsewhere = findings.filter((f) => !located.has(f.fingerprint)).map((finding) => ({ finding, reason: 'it involves code in another file' }));
    out.push({ file, before, after: result.output, applied: result.applied, alsoFixed, remaining: [...result.remaining, ...elsewhere] });
  }
  return out;
}
