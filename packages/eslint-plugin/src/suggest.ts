/**
 * ESLint suggestions from the tocscan fixers: the same verified fixes `tocscan --fix` applies, one
 * suggestion per way of fixing (never an autofix: they change behaviour).
 */
import type { FileModel, Finding, FixHost, FixLanguage, RuleModule } from '@tocscan/core';
import { verifiedFixes } from '@tocscan/core';
import { tsFixLanguage, type ExtractOptions } from '@tocscan/lang-ts';
import { rules as allRules } from '@tocscan/rules';
import type { TSESLint } from '@typescript-eslint/utils';

const everyRule = new Map(allRules.map((r) => [r.id, 'error' as const]));

/**
 * The TypeScript fix language, remembering its last parse: every tocscan rule reporting on one file
 * verifies its suggestions against the same unfixed text.
 */
function rememberingLanguage(options: ExtractOptions): FixLanguage {
  const inner = tsFixLanguage(options);
  let last: { key: string; value: { model: FileModel; host?: FixHost } } | undefined;
  return {
    parse(text, path, opts) {
      const key = `${opts.dialect ?? ''}\u0000${path}\u0000${text}`;
      if (last?.key !== key) last = { key, value: inner.parse(text, path, opts) };
      return last.value;
    },
  };
}

const languages = new Map<string, FixLanguage>();

function languageFor(options: ExtractOptions): FixLanguage {
  const key = JSON.stringify(options);
  let language = languages.get(key);
  if (!language) languages.set(key, (language = rememberingLanguage(options)));
  return language;
}

export function suggestionsFor(rule: RuleModule, finding: Finding, text: string, filename: string, options: ExtractOptions): TSESLint.SuggestionReportDescriptor<string>[] {
  if (!rule.fixes?.length) return [];
  const { fixes } = verifiedFixes(text, filename, finding, languageFor(options), { rules: allRules, severities: everyRule, dialect: options.dialect });
  return fixes.map((fix) => ({
    messageId: fix.messageId,
    data: fix.data,
    fix: (fixer) => fix.edits.map((e) => fixer.replaceTextRange([e.offset, e.endOffset], e.text)),
  }));
}
