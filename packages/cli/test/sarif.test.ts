import { describe, expect, it } from 'vitest';
import { pathToUri, sarif, sarifRegion, toSarif } from '../src/reporters/sarif.js';
import { loc, report, shopFinding } from './helpers.js';
import { sarifValidator as validator } from './sarif-schema.js';

function expectValid(log: unknown): void {
  const validate = validator();
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('sarif reporter', () => {
  it('produces a valid empty run', () => {
    const log = JSON.parse(sarif(report({ rules: [] }), { color: false }));
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('produces a valid run with findings and per-file notifications', () => {
    const log = JSON.parse(
      sarif(
        report({
          findings: [
            shopFinding({ related: [{ file: 'src/shop.ts', loc: loc(3, 2, 3, 9), message: 'transaction begins here' }] }),
            shopFinding({ ruleId: 'locking-read-outside-transaction', severity: 'warning', file: 'src/dir with space/x.php', read: undefined, fingerprint: 'abc' }),
          ],
          errors: [
            { file: 'src/bad.php', kind: 'parse', severity: 'error', message: 'Parse error: x', line: 3, column: 0 },
            { file: 'src/big.js', kind: 'too-large', severity: 'warning', message: 'too large' },
          ],
        }),
        { color: false },
      ),
    );
    expectValid(log);
  });

  it('has a schema check that can fail (0-based column, unknown property)', () => {
    const log = toSarif(report({ findings: [shopFinding()] }));
    log.runs[0].results[0].locations[0].physicalLocation.region!.startColumn = 0;
    expect(validator()(log)).toBe(false);
    expect(validator()({ ...toSarif(report()), extra: true })).toBe(false);
  });

  it('describes the tool and the enabled rules', () => {
    const { driver } = toSarif(report()).runs[0].tool;
    expect(driver.name).toBe('tocscan');
    expect(driver.version).toBe('9.9.9');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(['check-then-act', 'locking-read-outside-transaction']);
    expect(driver.rules[0]).toMatchObject({
      shortDescription: { text: 'Disallow an UPDATE that depends on an earlier SELECT.' },
      fullDescription: { text: 'Disallow an UPDATE that depends on an earlier SELECT. Longer text follows.' },
      helpUri: 'https://github.com/tocscan/tocscan/blob/main/docs/rules/check-then-act.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(driver.rules[1].defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('puts the write in locations[0] and the read in relatedLocations, with 1-based columns', () => {
    const finding = shopFinding({
      related: [
        { file: 'src/shop.ts', loc: loc(4, 25, 4, 84), message: 'read of products' },
        { file: 'src/shop.ts', loc: loc(3, 2, 3, 9), message: 'transaction begins here' },
      ],
    });
    const run = toSarif(report({ findings: [finding] })).runs[0];
    const [result] = run.results;
    expect(result.ruleId).toBe('check-then-act');
    expect(result.ruleIndex).toBe(0);
    expect(result.level).toBe('error');
    expect(result.message.text).toBe(finding.message);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/shop.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 76 },
    });
    expect(result.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'buy' }]);
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'read' },
        physicalLocation: { artifactLocation: { uri: 'src/shop.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 26, endLine: 4, endColumn: 85 } },
      },
      {
        id: 2,
        message: { text: 'transaction begins here' },
        physicalLocation: { artifactLocation: { uri: 'src/shop.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 10 } },
      },
    ]);
    expect(result.partialFingerprints).toEqual({ 'tocscan/v1': 'f00dfeed' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
  });

  it('omits ruleIndex for a rule the run does not describe', () => {
    const [result] = toSarif(report({ rules: [], findings: [shopFinding()] })).runs[0].results;
    expect(result).not.toHaveProperty('ruleIndex');
  });

  it('reports per-file problems as tool execution notifications', () => {
    const [invocation] = toSarif(
      report({ errors: [{ file: 'lib/bad file.php', kind: 'parse', severity: 'error', message: 'Parse error: x', line: 3, column: 4 }] }),
    ).runs[0].invocations;
    expect(invocation).toEqual({
      executionSuccessful: true,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'Parse error: x' },
          descriptor: { id: 'parse' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'lib/bad%20file.php', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 5 } } }],
        },
      ],
    });
  });

  it('converts Loc columns (0-based) to SARIF columns (1-based) at both ends', () => {
    expect(sarifRegion(loc(2, 0, 3, 0))).toEqual({ startLine: 2, startColumn: 1, endLine: 3, endColumn: 1 });
  });

  it('percent-encodes path segments but keeps the slashes', () => {
    expect(pathToUri('a b/c#d/e%f.ts')).toBe('a%20b/c%23d/e%25f.ts');
  });
});
