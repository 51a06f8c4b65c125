/**
 * Wraps a tocscan rule (rules/<id>.ts) as an ESLint rule: same id, messages and docs as the CLI.
 */
import { docsUrl, findingsFor, fixMessagesFor, SOURCE_SETTINGS_SCHEMA, suppressionFor, type Dialect, type RuleModule, type SourceSettings } from '@tocscan/core';
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';
import { analysisOf, suppressionsOf } from './analyze.js';
import { suggestionsFor } from './suggest.js';

/** Also the project's query wrappers, transaction functions and table prefixes, as in tocscan.config.json. */
export interface RuleOptions extends SourceSettings {
  /** SQL dialect, when the driver in sight does not tell (pg → postgresql, mysql2 → mysql, better-sqlite3 → sqlite). */
  dialect?: Dialect;
}

/**
 * A plain rule object rather than typescript-eslint's RuleCreator: the creator deep-merges default
 * options into every file's options for every rule, which cost more than the rules themselves on files
 * without SQL. The options have no defaults to merge.
 */
export function toEslintRule(rule: RuleModule): TSESLint.RuleModule<string, [RuleOptions]> {
  const only = new Map([[rule.id, 'error' as const]]);
  return {
    meta: {
      type: rule.type,
      docs: { description: rule.description, url: docsUrl(rule.id) },
      messages: { ...rule.messages, ...fixMessagesFor(rule.fixes ?? []) },
      ...(rule.fixes?.length ? { hasSuggestions: true } : {}),
      schema: [
        {
          type: 'object',
          properties: {
            dialect: { type: 'string', enum: ['mysql', 'postgresql', 'sqlite'], description: 'SQL dialect when the driver does not tell.' },
            ...(SOURCE_SETTINGS_SCHEMA as unknown as Record<string, JSONSchema.JSONSchema4>),
          },
          additionalProperties: false,
        },
      ],
    },
    defaultOptions: [{}],
    create(context) {
      const options: RuleOptions = context.options[0] ?? {};
      return {
        'Program:exit'(program) {
          const text = context.sourceCode.text;
          const { analysis, model } = analysisOf(program, text, context.filename, options);
          if (!model) return;
          const suppressed = suppressionsOf(program, text);
          for (const finding of findingsFor(analysis, [rule], only)) {
            if (suppressionFor(suppressed, rule.id, finding.loc.line)) continue;
            context.report({
              loc: {
                start: { line: finding.loc.line, column: finding.loc.column },
                end: { line: finding.loc.endLine, column: finding.loc.endColumn },
              },
              messageId: finding.messageId,
              data: finding.data,
              suggest: suggestionsFor(rule, finding, { program, text, filename: context.filename, model }, options),
            });
          }
        },
      };
    },
  };
}
