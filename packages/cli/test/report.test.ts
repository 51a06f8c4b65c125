import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../src/colors.js';
import { exitCodeFor, summarize, withoutWarnings } from '../src/report.js';
import { report, shopFinding } from './helpers.js';

const mixed = report({
  files: ['a.php', 'src/shop.ts'],
  findings: [shopFinding(), shopFinding({ severity: 'warning', fingerprint: 'w' })],
  errors: [
    { file: 'a.php', kind: 'syntax', severity: 'warning', message: 'Syntax error', line: 1, column: 0 },
    { file: 'b.bin', kind: 'unsupported', severity: 'warning', message: 'ignored' },
  ],
});

describe('summary and exit code', () => {
  it('counts findings and per-file problems by severity', () => {
    expect(summarize(mixed)).toEqual({ filesScanned: 2, findingCount: 2, fileErrorCount: 2, errorCount: 1, warningCount: 3 });
  });

  it('exits 1 on any error, or on more warnings than allowed', () => {
    expect(exitCodeFor({ filesScanned: 1, findingCount: 0, fileErrorCount: 1, errorCount: 1, warningCount: 0 }, -1)).toBe(1);
    const warnings = { filesScanned: 1, findingCount: 2, fileErrorCount: 0, errorCount: 0, warningCount: 2 };
    expect(exitCodeFor(warnings, -1)).toBe(0);
    expect(exitCodeFor(warnings, 2)).toBe(0);
    expect(exitCodeFor(warnings, 1)).toBe(1);
    expect(exitCodeFor({ ...warnings, warningCount: 0 }, 0)).toBe(0);
  });

  it('--quiet drops warnings from the report and the counts', () => {
    const quiet = withoutWarnings(mixed);
    expect(quiet.findings.map((f) => f.severity)).toEqual(['error']);
    expect(quiet.errors).toEqual([]);
    expect(summarize(quiet)).toMatchObject({ errorCount: 1, warningCount: 0 });
  });
});

describe('shouldUseColor', () => {
  it('lets --color/--no-color win, then NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    expect(shouldUseColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor(undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldUseColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(shouldUseColor(undefined, {}, false)).toBe(false);
  });
});
