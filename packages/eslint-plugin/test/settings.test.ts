/** The project's settings reach the ESLint rules as options (validated by ESLint); tocscan-ignore comments apply there too. */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const rule = (id: string) => plugin.rules[id] as never;

const wrapped = `
export async function redeem(db, conn, code: string) {
  const row = await db.fetchRow(conn, 'SELECT uses_left FROM coupons WHERE code = ?', [code]);
  if (row.uses_left > 0) {
    await db.run(conn, 'UPDATE coupons SET uses_left = uses_left - 1 WHERE code = ?', [code]);
  }
}`;
const options = { queryFunctions: [{ call: 'db.fetchRow', sqlArgument: 1 }, { call: 'db.run', sqlArgument: 1 }] };
const inSerializable = `
export const redeem = (db, conn, code: string) => withSerializable(async () => {
  const row = await db.fetchRow(conn, 'SELECT uses_left FROM coupons WHERE code = ?', [code]);
  if (row.uses_left > 0) {
    await db.run(conn, 'UPDATE coupons SET uses_left = uses_left - 1 WHERE code = ?', [code]);
  }
});`;
const transaction = { ...options, transactionFunctions: { callback: [{ call: 'withSerializable', isolation: 'serializable' as const }] } };

ruleTester.run('check-then-act with settings', rule('check-then-act'), {
  valid: [
    // without the settings the SQL (second argument) is not seen
    wrapped,
    // the callback of a configured serializable transaction function protects the pair
    { code: inSerializable, options: [transaction] },
    // a tocscan-ignore-next-line comment silences the rule in ESLint too
    {
      code: wrapped.replace('    await db.run', '    // tocscan-ignore-next-line check-then-act -- coupons are single-use by a trigger\n    await db.run'),
      options: [options],
    },
  ],
  invalid: [
    { code: wrapped, options: [options], errors: [{ messageId: 'race', line: 5 }] },
    // the same callback when nothing says withSerializable runs a transaction
    { code: inSerializable, options: [options], errors: [{ messageId: 'race', line: 5 }] },
    // the comment names another rule: not silenced
    {
      code: wrapped.replace('    await db.run', '    // tocscan-ignore-next-line insert-if-absent -- other rule\n    await db.run'),
      options: [options],
      errors: [{ messageId: 'race', line: 6 }],
    },
  ],
});

describe('rule options schema', () => {
  async function lint(ruleOptions: unknown) {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ plugins: { tocscan: plugin as never }, rules: { 'tocscan/check-then-act': ['error', ruleOptions] } }],
    });
    return eslint.lintText('export const x = 1;\n', { filePath: 'x.js' });
  }

  it('accepts every setting of tocscan.config.json that concerns the code', async () => {
    const [result] = await lint({
      dialect: 'mysql',
      queryFunctions: ['sqlQuery', 'db.fetchRow', { call: '*.run', sqlArgument: 1, returns: 'affected-rows' }],
      transactionFunctions: { begin: ['beginWork', { call: 'db.begin', isolation: 'serializable' }], commit: ['commitWork'], rollback: ['rollbackWork'], callback: [{ call: 'inTx', callbackArgument: 1 }] },
      tablePrefixes: ['TABLE_PREFIX'],
    });
    expect(result.messages).toEqual([]);
  });

  it.each([
    [{ queryFunctions: ['db fetch'] }, /"db fetch" should match pattern/],
    [{ queryFunctions: [{ call: 'db.q', returns: 'row' }] }, /"row" should be equal to one of the allowed values/],
    [{ transactionFunctions: { start: ['x'] } }, /Unexpected property "start"/],
    [{ phpVersion: '7.3' }, /Unexpected property "phpVersion"/],
  ])('rejects %j', async (bad, message) => {
    await expect(lint(bad)).rejects.toThrow(message);
  });
});
