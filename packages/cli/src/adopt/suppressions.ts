/**
 * Inline suppressions in the CLI: `tocscan-ignore-next-line` comments (and, in TS/JS, ESLint's
 * `eslint-disable-next-line tocscan/…`) silence the findings on the next line. Two findings about the
 * comments themselves:
 *   - `suppression-without-reason` (strict preset, warning): no reason after `--`;
 *   - `unused-suppression` (`--report-unused-suppressions`, error): a rule it names had no finding
 *     there, or it names no rule tocscan knows.
 * A rule not enabled in the run never makes a suppression unused (the strict-only rules under the
 * recommended preset, say).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareFindings, parseSuppressions, suppressionFor, type Finding, type Severity, type Suppression } from '@tocscan/core';
import { rules as allRules } from '@tocscan/rules';
import { langOf } from '../languages.js';
import type { Report, RuleInfo } from '../report.js';

export const UNUSED_SUPPRESSION = 'unused-suppression';
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';

export const SUPPRESSION_RULES: readonly RuleInfo[] = [
  {
    id: SUPPRESSION_WITHOUT_REASON,
    description: 'Require a reason on every tocscan-ignore-next-line comment (after `--`), so a reviewer can tell a judged exception from a silenced bug.',
    severity: 'warning',
  },
  {
    id: UNUSED_SUPPRESSION,
    description: 'Disallow tocscan-ignore-next-line comments that silence nothing (reported with --report-unused-suppressions).',
    severity: 'error',
  },
];

const READ_BATCH = 64;

export interface SuppressionOptions {
  /** Report reasonless suppressions (the strict preset does). */
  requireReason: boolean;
  reportUnused: boolean;
}

export interface Suppressed {
  report: Report;
  /** How many findings the comments silenced. */
  count: number;
}

async function textOf(report: Report, file: string): Promise<string | undefined> {
  const known = report.sources.get(file);
  if (known !== undefined) return known;
  try {
    return await readFile(resolve(report.root, file), 'utf8');
  } catch {
    return undefined;
  }
}

function commentFinding(ruleId: string, severity: Severity, file: string, s: Suppression, message: string, detail: string): Finding {
  const fingerprint = createHash('sha256').update([ruleId, file, detail].join('\u0000')).digest('hex').slice(0, 32);
  return { ruleId, severity, messageId: ruleId, data: {}, message, file, loc: s.loc, related: [], timeline: [], unit: '', fingerprint };
}

interface Comments {
  byFile: Map<string, Suppression[]>;
  /** Text of the files that have suppression comments (code frames of the comments' findings). */
  texts: Map<string, string>;
}

/** The suppression comments of `files`, read a few files at a time (a big project has more files than the process may keep open). */
async function readComments(report: Report, files: readonly string[]): Promise<Comments> {
  const byFile = new Map<string, Suppression[]>();
  const texts = new Map<string, string>();
  for (let i = 0; i < files.length; i += READ_BATCH) {
    const batch = files.slice(i, i + READ_BATCH);
    const read = await Promise.all(batch.map((file) => (langOf(file) ? textOf(report, file) : undefined)));
    batch.forEach((file, j) => {
      const text = read[j];
      if (text === undefined) return;
      const list = parseSuppressions(text, langOf(file)!);
      if (list.length === 0) return;
      byFile.set(file, list);
      texts.set(file, text);
    });
  }
  return { byFile, texts };
}

/** The findings about the comments themselves: reasonless and unused suppressions. */
function commentFindings(comments: Comments, used: ReadonlyMap<Suppression, Set<string>>, enabled: ReadonlySet<string>, options: SuppressionOptions): Finding[] {
  const known = new Set(allRules.map((r) => r.id));
  const out: Finding[] = [];
  for (const [file, list] of comments.byFile) {
    for (const s of list) {
      if (s.kind !== 'tocscan') continue;
      if (options.requireReason && s.reason === '') {
        const message = 'This suppression gives no reason: say why the code is safe after "--" (tocscan-ignore-next-line <rule> -- <reason>).';
        out.push(commentFinding(SUPPRESSION_WITHOUT_REASON, 'warning', file, s, message, `${s.targetLine}:${s.rules.join(',')}`));
      }
      if (!options.reportUnused) continue;
      const hits = used.get(s) ?? new Set<string>();
      const unknown = s.rules.filter((r) => !known.has(r));
      const idle = s.rules.length === 0 ? (hits.size === 0 ? ['any rule'] : []) : s.rules.filter((r) => known.has(r) && enabled.has(r) && !hits.has(r));
      if (unknown.length > 0) {
        const message = `This suppression names ${unknown.map((r) => `"${r}"`).join(', ')}, which tocscan does not know.`;
        out.push(commentFinding(UNUSED_SUPPRESSION, 'error', file, s, message, `unknown:${unknown.join(',')}`));
      }
      if (idle.length > 0) {
        const message = `Unused suppression: no ${idle.join(', ')} finding on line ${s.targetLine}; remove the comment.`;
        out.push(commentFinding(UNUSED_SUPPRESSION, 'error', file, s, message, `unused:${s.targetLine}:${idle.join(',')}`));
      }
    }
  }
  return out;
}

/** Applies the suppression comments of the report's files. */
export async function applySuppressions(report: Report, options: SuppressionOptions): Promise<Suppressed> {
  const wholeRun = options.requireReason || options.reportUnused;
  const comments = await readComments(report, wholeRun ? report.files : [...new Set(report.findings.map((f) => f.file))]);
  const used = new Map<Suppression, Set<string>>();
  const kept: Finding[] = [];
  for (const f of report.findings) {
    const s = suppressionFor(comments.byFile.get(f.file) ?? [], f.ruleId, f.loc.line);
    if (!s) {
      kept.push(f);
      continue;
    }
    if (!used.has(s)) used.set(s, new Set());
    used.get(s)!.add(f.ruleId);
  }
  const count = report.findings.length - kept.length;
  const extra = commentFindings(comments, used, new Set(report.rules.map((r) => r.id)), options);
  if (extra.length === 0 && count === 0) return { report, count };
  const ids = new Set(extra.map((f) => f.ruleId));
  const findings = [...kept, ...extra].sort(compareFindings);
  const rules = [...report.rules, ...SUPPRESSION_RULES.filter((r) => ids.has(r.id))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sources = new Map(report.sources);
  for (const f of extra) sources.set(f.file, comments.texts.get(f.file)!);
  return { report: { ...report, findings, rules, sources }, count };
}
