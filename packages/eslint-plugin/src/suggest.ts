/**
 * ESLint suggestions from the tocscan fixers: the same verified fixes `tocscan --fix` applies, one
 * suggestion per way of fixing (never an autofix: they change behaviour).
 *
 * Verifying a fix means reading the fixed text again (it must parse, lose the finding and gain no
 * other). The unfixed text needs no second reading: ESLint parsed it and the rules extracted its model
 * already, so the fix language starts from those (`seed`) and parses only the fixed texts.
 */
import type { FileModel, Finding, FixHost, FixLanguage, RuleModule } from '@tocscan/core';
import { verifiedFixes } from '@tocscan/core';
import { tsFixHost, tsFixLanguage, type ExtractOptions } from '@tocscan/lang-ts';
import { rules as allRules } from '@tocscan/rules';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

const everyRule = new Map(allRules.map((r) => [r.id, 'error' as const]));

type Read = { model: FileModel; host?: FixHost };

/** The TypeScript fix language, remembering one text it read (or was given), lazily. */
interface RememberingLanguage extends FixLanguage {
  seed(text: string, path: string, read: () => Read): void;
}

function rememberingLanguage(options: ExtractOptions): RememberingLanguage {
  const inner = tsFixLanguage(options);
  const keyOf = (text: string, path: string, dialect: string | undefined) => `${dialect ?? ''}\u0000${path}\u0000${text}`;
  let last: { key: string; read: () => Read; value?: Read } | undefined;
  return {
    parse(text, path, opts) {
      const key = keyOf(text, path, opts.dialect ?? options.dialect);
      if (last?.key !== key) last = { key, read: () => inner.parse(text, path, opts) };
      return (last.value ??= last.read());
    },
    seed(text, path, read) {
      const key = keyOf(text, path, options.dialect);
      if (last?.key !== key) last = { key, read };
    },
  };
}

const languages = new Map<string, RememberingLanguage>();

function languageFor(options: ExtractOptions): RememberingLanguage {
  const key = JSON.stringify(options);
  let language = languages.get(key);
  if (!language) languages.set(key, (language = rememberingLanguage(options)));
  return language;
}

/** The file as ESLint parsed it and the rules read it. */
export interface LintedSource {
  program: TSESTree.Program;
  text: string;
  filename: string;
  model: FileModel;
}

export function suggestionsFor(rule: RuleModule, finding: Finding, source: LintedSource, options: ExtractOptions): TSESLint.SuggestionReportDescriptor<string>[] {
  if (!rule.fixes?.length) return [];
  const language = languageFor(options);
  const { program, text, filename, model } = source;
  language.seed(text, filename, () => ({ model, host: tsFixHost(program as Parameters<typeof tsFixHost>[0], text, filename) }));
  const { fixes } = verifiedFixes(text, filename, finding, language, { rules: allRules, severities: everyRule, dialect: options.dialect });
  return fixes.map((fix) => ({
    messageId: fix.messageId,
    data: fix.data,
    fix: (fixer) => fix.edits.map((e) => fixer.replaceTextRange([e.offset, e.endOffset], e.text)),
  }));
}
