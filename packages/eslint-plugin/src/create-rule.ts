/**
 * Wraps a tocscan rule (rules/<id>.ts) as an ESLint rule: same id, messages and docs as the CLI.
 */
import { docsUrl, findingsFor, type Dialect, type RuleModule } from '@tocscan/core';
import { ESLintUtils } from '@typescript-eslint/utils';
import { analysisOf } from './analyze.js';

export interface RuleOptions {
  /** SQL dialect, when the driver in sight does not tell (pg → postgresql, mysql2 → mysql, better-sqlite3 → sqlite). */
  dialect?: Dialect;
}

const createRule = ESLintUtils.RuleCreator(docsUrl);

export function toEslintRule(rule: RuleModule) {
  const only = new Map([[rule.id, 'error' as const]]);
  return createRule<[RuleOptions], string>({
    name: rule.id,
    meta: {
      type: rule.type,
      docs: { description: rule.description },
      messages: rule.messages,
      schema: [
        {
          type: 'object',
          properties: {
            dialect: { type: 'string', enum: ['mysql', 'postgresql', 'sqlite'], description: 'SQL dialect when the driver does not tell.' },
          },
          additionalProperties: false,
        },
      ],
    },
    defaultOptions: [{}],
    create(context, [options]) {
      return {
        'Program:exit'(program) {
          const analysis = analysisOf(program, context.sourceCode.text, context.filename, options.dialect);
          for (const finding of findingsFor(analysis, [rule], only)) {
            context.report({
              loc: {
                start: { line: finding.loc.line, column: finding.loc.column },
                end: { line: finding.loc.endLine, column: finding.loc.endColumn },
              },
              messageId: finding.messageId,
              data: finding.data,
            });
          }
        },
      };
    },
  });
}
