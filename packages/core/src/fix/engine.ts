/**
 * Fixing a file: plan a fix per finding, apply it, and keep it only when the result still parses, the
 * finding is gone and no finding appears where there was none. Used by `tocscan --fix`, the ESLint
 * suggestions (one fix at a time) and the language server.
 *
 *   text ─► parse (FixLanguage) ─► analysis ─► findings ─► planFixes ─► apply one fix ─► verify ─► next pass
 */
import { analyzeFiles, findingsFor } from '../analysis/index.js';
import type { Finding, Severity } from '../findings.js';
import type { Dialect, FileModel } from '../model.js';
import type { FileAnalysis, RuleHit, RuleModule } from '../rule.js';
import { applyEdits, mapOffset } from './edits.js';
import type { FixHost } from './host.js';
import { planFixes } from './plan.js';
import type { Fix, FixKind, FixPlan } from './types.js';

/** How one host language parses text for fixing: the model (for the analysis) and the host (for the rewrites). */
export interface FixLanguage {
  parse(text: string, path: string, options: { dialect?: Dialect }): { model: FileModel; host?: FixHost };
}

export interface FixOptions {
  /** Every rule (verification looks at all of them, so a fix never trades one finding for another). */
  rules: readonly RuleModule[];
  /** Rules whose findings get fixed, with their severities. */
  severities: ReadonlyMap<string, Severity>;
  /** `--fix-type`: only fixes of these kinds. */
  kinds?: readonly FixKind[];
  dialect?: Dialect;
  /** Which findings to fix (default: every finding of the rules in `severities`), e.g. those a report shows. */
  targets?: (finding: Finding) => boolean;
}

interface Parsed {
  text: string;
  model: FileModel;
  host?: FixHost;
  analysis: FileAnalysis;
  /** Findings of every rule, for verification. */
  all: Finding[];
}

/**
 * The analysis of each model a language gave, per rule set: ESLint asks for the suggestions of each
 * finding of a file in turn, and a language that remembers its last text gives the same model each time.
 */
const analysed = new WeakMap<FileModel, { rules: readonly RuleModule[]; analysis: FileAnalysis; all: Finding[] }>();

function parse(text: string, path: string, language: FixLanguage, options: FixOptions): Parsed {
  const { model, host } = language.parse(text, path, { dialect: options.dialect });
  let known = analysed.get(model);
  if (known?.rules !== options.rules) {
    const analysis = analyzeFiles([model])[0];
    const every = new Map(options.rules.map((r) => [r.id, 'error' as Severity]));
    known = { rules: options.rules, analysis, all: findingsFor(analysis, options.rules, every) };
    analysed.set(model, known);
  }
  return { text, model, host, analysis: known.analysis, all: known.all };
}

/** The rule hit a finding was made from. */
export function hitOf(rule: RuleModule, analysis: FileAnalysis, finding: Finding): RuleHit | undefined {
  return rule.check(analysis).find((hit) => {
    if (hit.pair) {
      return hit.pair.write.site.offset === finding.loc.offset && hit.pair.read.site.offset === finding.read?.loc.offset && hit.pair.table === finding.table;
    }
    if (hit.tx) return hit.tx.event.loc.offset === finding.loc.offset;
    return hit.site?.step.site.offset === finding.loc.offset;
  });
}

/** What can be done about `finding` in a parsed file. */
export function planFor(rule: RuleModule, finding: Finding, analysis: FileAnalysis, host: FixHost | undefined, only?: readonly FixKind[]): FixPlan {
  const hit = hitOf(rule, analysis, finding);
  if (!hit || !host) return { fixes: [], recipe: 'No automatic fix: the finding could not be located in the file on its own (it involves another file).' };
  try {
    return planFixes(rule, hit, { host, analysis }, only);
  } catch (error) {
    // A fixer that fails on code it did not expect offers nothing for this finding; the run goes on.
    return { fixes: [], recipe: `No automatic fix: tocscan failed while planning one (please report it): ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Why the fixed text is not acceptable, or undefined when it is. */
function rejection(before: Parsed, after: Parsed, fix: Fix, target: Finding): string | undefined {
  if (after.model.problems.length > before.model.problems.length) return 'the fixed code would not parse';
  const mapped = (f: Finding) => mapOffset(f.loc.offset, fix.edits);
  const targetAt = mapped(target);
  if (after.all.some((f) => f.loc.offset === targetAt)) return 'the finding would remain after the fix';
  const known = new Set(before.all.map(mapped));
  const fresh = after.all.find((f) => !known.has(f.loc.offset));
  if (fresh) return `the fix would cause a new finding (${fresh.ruleId} at line ${fresh.loc.line})`;
  return undefined;
}

/** Applies `fix` to `before` and verifies it: the parsed result, or why it is refused. */
function tryFix(before: Parsed, fix: Fix, target: Finding, path: string, language: FixLanguage, options: FixOptions): Parsed | string {
  const after = parse(applyEdits(before.text, fix.edits), path, language, options);
  return rejection(before, after, fix, target) ?? after;
}

/** Fixes of one finding that survive verification (ESLint suggestions). */
export function verifiedFixes(text: string, path: string, finding: Finding, language: FixLanguage, options: FixOptions): { fixes: Fix[]; recipe?: string } {
  const before = parse(text, path, language, options);
  const rule = options.rules.find((r) => r.id === finding.ruleId);
  if (!rule || before.model.problems.length) return { fixes: [] };
  const plan = planFor(rule, finding, before.analysis, before.host, options.kinds);
  const fixes = plan.fixes.filter((f) => typeof tryFix(before, f, finding, path, language, options) !== 'string');
  return fixes.length ? { fixes } : { fixes, recipe: plan.recipe ?? 'No automatic fix: the rewrite did not verify (the result would not parse, or the race would remain).' };
}

export interface FileFixResult {
  output: string;
  /** The findings to fix as the file first had them. */
  initial: Finding[];
  /** Fixes applied, in order, with the finding each removed (as reported before that fix). */
  applied: { finding: Finding; fix: Fix }[];
  /** Findings of the fixed rules still in `output`, with why they were not fixed. */
  remaining: { finding: Finding; reason: string }[];
}

const MAX_FIXES_PER_FILE = 50;

/**
 * Applies the preferred verified fix for each finding, one at a time, re-reading the file after each
 * (a fix may remove other findings, or move code). A file that does not parse is left as it is.
 */
export function fixText(text: string, path: string, language: FixLanguage, options: FixOptions): FileFixResult {
  let current = parse(text, path, language, options);
  const applied: FileFixResult['applied'] = [];
  const reasons = new Map<string, string>();
  if (current.model.problems.length) {
    const initial = targets(current, options);
    return { output: text, initial, applied, remaining: initial.map((finding) => ({ finding, reason: 'the file does not parse cleanly' })) };
  }
  const initial = targets(current, options);
  for (let n = 0; n < MAX_FIXES_PER_FILE; n++) {
    const next = nextFix(current, path, language, options, reasons);
    if (!next) break;
    applied.push({ finding: next.finding, fix: next.fix });
    current = next.after;
  }
  const remaining = targets(current, options).map((finding) => ({ finding, reason: reasons.get(finding.fingerprint) ?? 'no fix' }));
  return { output: current.text, initial, applied, remaining };
}

function targets(parsed: Parsed, options: FixOptions): Finding[] {
  const all = findingsFor(parsed.analysis, options.rules, options.severities);
  return options.targets ? all.filter(options.targets) : all;
}

/** The first finding with a fix that verifies; the reasons of the others are recorded by fingerprint. */
function nextFix(current: Parsed, path: string, language: FixLanguage, options: FixOptions, reasons: Map<string, string>): { finding: Finding; fix: Fix; after: Parsed } | undefined {
  for (const finding of targets(current, options)) {
    if (reasons.has(finding.fingerprint)) continue;
    const rule = options.rules.find((r) => r.id === finding.ruleId)!;
    const plan = planFor(rule, finding, current.analysis, current.host, options.kinds);
    const refused: string[] = [];
    for (const fix of plan.fixes) {
      const after = tryFix(current, fix, finding, path, language, options);
      if (typeof after !== 'string') return { finding, fix, after };
      refused.push(`${fix.id}: ${after}`);
    }
    reasons.set(finding.fingerprint, refused.length ? `fix rejected (${refused.join('; ')})` : (plan.recipe ?? 'no fix'));
  }
  return undefined;
}
