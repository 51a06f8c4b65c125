import { describe, expect, it } from 'vitest';
import { mergeSarif, MergeError } from '../src/merge.js';

const location = (uri: string, startLine: number) => ({ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine, startColumn: 1 } } });
const result = (ruleId: string, ruleIndex: number, uri: string, line: number) => ({ ruleId, ruleIndex, level: 'error', message: { text: ruleId }, locations: [location(uri, line)] });
const run = (name: string, rules: string[], results: object[], notifications: object[] = []) => ({
  tool: { driver: { name, rules: rules.map((id) => ({ id })) } },
  invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
  results,
});
const log = (...runs: object[]) => ({ $schema: 'https://example/sarif.json', version: '2.1.0', runs });

describe('mergeSarif', () => {
  it('merges tocscan runs: rules united and renumbered, results and notifications sorted, duplicates dropped', () => {
    const a = log(run('tocscan', ['check-then-act'], [result('check-then-act', 0, 'src/z.php', 3)], [{ message: { text: 'Parse error' }, locations: [location('src/b.ts', 1)] }]));
    const b = log(
      run('tocscan', ['insert-if-absent', 'check-then-act'], [result('insert-if-absent', 0, 'src/a.ts', 9), result('check-then-act', 1, 'src/z.php', 3)]),
      run('othertool', ['x'], [result('x', 0, 'src/a.ts', 1)]),
    );
    const merged = mergeSarif([a, b]);
    expect(merged.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name)).toEqual(['tocscan', 'othertool']);
    const [tocscan, other] = merged.runs;
    expect(tocscan.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['check-then-act', 'insert-if-absent']);
    expect(tocscan.results.map((r: { ruleId: string; ruleIndex: number }) => [r.ruleId, r.ruleIndex])).toEqual([
      ['insert-if-absent', 1],
      ['check-then-act', 0],
    ]);
    expect(tocscan.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: 'Parse error' }, locations: [location('src/b.ts', 1)] }] }]);
    expect(other.results).toEqual([result('x', 0, 'src/a.ts', 1)]);
  });

  it('reports an unsuccessful invocation, and refuses to merge nothing', () => {
    const failed = log({ ...run('tocscan', [], []), invocations: [{ executionSuccessful: false, toolExecutionNotifications: [] }] });
    expect(mergeSarif([failed, log(run('tocscan', [], []))]).runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(() => mergeSarif([])).toThrow(MergeError);
  });
});
