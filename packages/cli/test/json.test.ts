import { describe, expect, it } from 'vitest';
import { json } from '../src/reporters/json.js';
import { report, SHOP_SOURCE, shopFinding } from './helpers.js';

describe('json reporter', () => {
  it('writes version, files, findings, errors and a summary', () => {
    const finding = shopFinding();
    const error = { file: 'src/bad.php', kind: 'parse' as const, severity: 'error' as const, message: 'Parse error: x', line: 2, column: 0 };
    const out = JSON.parse(
      json(report({ files: ['src/bad.php', 'src/shop.ts'], findings: [finding], errors: [error], sources: new Map([['src/shop.ts', SHOP_SOURCE]]) }), {
        color: false,
      }),
    );
    expect(out).toEqual({
      schemaVersion: 1,
      version: '9.9.9',
      preset: 'recommended',
      files: ['src/bad.php', 'src/shop.ts'],
      findings: [finding],
      errors: [error],
      summary: { filesScanned: 2, findingCount: 1, fileErrorCount: 1, errorCount: 2, warningCount: 0, suppressedCount: 0, baselinedCount: 0, staleBaselineEntryCount: 0 },
    });
  });

  it('counts what suppression comments and the baseline hid', () => {
    const out = JSON.parse(json({ ...report({ findings: [shopFinding()] }), hidden: { suppressed: 2, baselined: 5, staleBaselineEntries: 1 } }, { color: false }));
    expect(out.summary).toMatchObject({ findingCount: 1, suppressedCount: 2, baselinedCount: 5, staleBaselineEntryCount: 1 });
  });

  it('never colours', () => {
    expect(json(report({ findings: [shopFinding()] }), { color: true })).not.toContain('\u001b');
  });
});
