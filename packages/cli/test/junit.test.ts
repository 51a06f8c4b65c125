import { describe, expect, it } from 'vitest';
import { junit } from '../src/reporters/junit.js';
import { report, shopFinding } from './helpers.js';

describe('junit reporter', () => {
  it('has one suite per file, a failing case per finding and per problem, a passing case for a clean file', () => {
    const out = junit(
      report({
        files: ['src/clean.ts', 'src/shop.ts', 'src/x.php'],
        findings: [shopFinding({ message: 'products: read & written <twice>' })],
        errors: [{ file: 'src/x.php', kind: 'parse', severity: 'error', message: 'Parse error: unexpected "}"', line: 3, column: 4 }],
      }),
      { color: false },
    );
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tocscan" tests="3" failures="1" errors="1" time="0">\n')).toBe(true);
    expect(out).toContain('<testsuite name="src/clean.ts" tests="1" failures="0" errors="0" skipped="0" time="0">\n    <testcase name="no race found" classname="src/clean.ts" file="src/clean.ts" time="0"/>');
    expect(out).toContain('<testcase name="check-then-act at 6:9 (products)" classname="src/shop.ts" file="src/shop.ts" line="6" time="0">');
    expect(out).toContain('<failure type="check-then-act" message="products: read &amp; written &lt;twice&gt;">');
    expect(out).toContain('read:  src/shop.ts:4:26  SELECT qty FROM products WHERE id = $1');
    expect(out).toContain('Two requests at once:\n  A: SELECT qty FROM products WHERE id = $1 → 1\n  B: SELECT qty FROM products WHERE id = $1 → 1\n');
    expect(out).toContain('  B: UPDATE products SET qty = qty - 1 WHERE id = $1\n  ← sold twice</failure>');
    expect(out).toContain('<error type="parse" message="Parse error: unexpected &quot;}&quot;">');
    expect(out.match(/<testsuite /g)).toHaveLength(3);
    expect(out.endsWith('</testsuites>\n')).toBe(true);
  });

  it('drops characters XML cannot hold', () => {
    const out = junit(report({ findings: [shopFinding({ message: 'bad \u0001 byte' })] }), { color: false });
    expect(out).toContain('message="bad  byte"');
  });
});
