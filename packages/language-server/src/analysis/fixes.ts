/**
 * The quick fixes of some findings: the fixers' rewrites (core's fix engine with the frontend's
 * FixLanguage, as `tocscan --fix` and the ESLint suggestions use them), each verified — the fixed
 * text parses and the finding is gone without a new one — as offset edits into the analysed text.
 * The engine's order is kept: the first fix is the preferred one.
 */
import { verifiedFixes, type FixLanguage, type Severity } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import type { FixRequest, QuickFix } from './protocol.js';

/** Verification looks at every rule, so a fix never trades one finding for another. */
const EVERY_RULE = new Map<string, Severity>(rules.map((r) => [r.id, 'error']));

async function fixLanguage(request: FixRequest): Promise<FixLanguage> {
  const options = { ...request.source, dialect: request.dialect };
  if (request.lang === 'php') return (await import('@tocscan/lang-php')).phpFixLanguage({ ...options, phpVersion: request.phpVersion });
  return (await import('@tocscan/lang-ts')).tsFixLanguage(options);
}

export async function quickFixes(request: FixRequest): Promise<QuickFix[][]> {
  const language = await fixLanguage(request);
  return request.findings.map((finding) => {
    const { fixes } = verifiedFixes(request.text, request.path, finding, language, { rules, severities: EVERY_RULE, dialect: request.dialect });
    return fixes.map((fix, i) => ({
      title: fix.description,
      preferred: i === 0,
      edits: fix.edits.map((e) => ({ offset: e.offset, endOffset: e.endOffset, newText: e.text })),
    }));
  });
}
