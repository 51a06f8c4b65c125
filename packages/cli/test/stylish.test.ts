import { describe, expect, it } from 'vitest';
import { stylish } from '../src/reporters/stylish.js';
import { loc, report, SHOP_SOURCE, shopFinding } from './helpers.js';

const sources = new Map([['src/shop.ts', SHOP_SOURCE]]);

describe('stylish reporter', () => {
  it('says so when there is nothing to report', () => {
    expect(stylish(report({ files: ['a.ts', 'b.php'] }), { color: false })).toBe('✔ No problems found in 2 files.\n');
  });

  it('prints a finding with its position, a code frame at the write, the read and the timeline', () => {
    const out = stylish(report({ findings: [shopFinding()], sources }), { color: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe('src/shop.ts');
    expect(lines[1]).toMatch(/^ {2}6:9 {2}error {2}products: read at line 4 and written at line 6;/);
    expect(out).toContain('check-then-act');
    expect(out).toContain("> 6 |   await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1',…");
    expect(out).toMatch(/\n {8}\| {9}\^{62}\n/);
    expect(out).toContain('    read: src/shop.ts:4:26  SELECT qty FROM products WHERE id = $1');
    expect(out).toContain('    write: src/shop.ts:6:9  UPDATE products SET qty = qty - 1 WHERE id = $1');
    expect(out).toMatch(/\n {4}Request A +Request B\n/);
    expect(out).toMatch(/← sold twice|↑ sold twice/);
    expect(out).toMatch(/\S\n\n✖ 1 problem \(1 error, 0 warnings\) in 1 file \(1 scanned\)\n$/);
  });

  it('stays within 80 columns and uses no colour codes when colour is off', () => {
    const long = shopFinding({
      message: `${'a very long message '.repeat(12)}end`,
      read: { file: 'src/shop.ts', loc: loc(4, 25, 4, 84), sql: `SELECT ${'column_name, '.repeat(20)}x FROM products`, api: 'pool.query' },
    });
    const out = stylish(report({ findings: [long], sources }), { color: false });
    expect(out).not.toContain('\u001b');
    for (const l of out.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    expect(out).toMatch(/ {4}read: src\/shop\.ts:4:26\n {6}SELECT column_name, .*…\n/);
  });

  it('colours when asked', () => {
    expect(stylish(report({ findings: [shopFinding()], sources }), { color: true })).toContain('\u001b[31merror');
  });

  it('shows where SQL run through helpers stands, and related locations not shown otherwise', () => {
    const f = shopFinding({
      read: {
        file: 'src/shop.ts',
        loc: loc(4, 25, 4, 40),
        sql: 'SELECT qty FROM products WHERE id = ?',
        api: 'this.repo.stock',
        via: { file: 'src/repo.ts', loc: loc(12, 4, 12, 60), unit: 'ProductRepo.stock' },
      },
      related: [
        { file: 'src/shop.ts', loc: loc(4, 25, 4, 40), message: 'read of products' },
        { file: 'src/repo.ts', loc: loc(12, 4, 12, 60), message: "the read's SQL" },
        { file: 'src/shop.ts', loc: loc(2, 2, 2, 9), message: 'transaction begins here' },
      ],
    });
    const out = stylish(report({ findings: [f], sources }), { color: false });
    expect(out).toContain('      in ProductRepo.stock at src/repo.ts:12:5');
    expect(out).toContain('    transaction begins here: src/shop.ts:2:3');
    expect(out).not.toContain('read of products:');
    expect(out).not.toContain("the read's SQL:");
  });

  it('reports per-file problems in their file group and in the summary', () => {
    const out = stylish(
      report({
        files: ['src/bad.php', 'src/big.js', 'src/shop.ts'],
        findings: [shopFinding({ severity: 'warning' })],
        errors: [
          { file: 'src/bad.php', kind: 'parse', severity: 'error', message: 'Parse error: unexpected }', line: 3, column: 4 },
          { file: 'src/big.js', kind: 'too-large', severity: 'warning', message: 'File is too large to scan (6 MB, limit 5 MB; see --max-file-size).' },
        ],
        sources,
      }),
      { color: false },
    );
    expect(out).toContain('src/bad.php\n  3:5  error  Parse error: unexpected }  parse error\n');
    expect(out).toContain('src/big.js\n  warning  File is too large to scan (6 MB, limit 5 MB; see --max-file-size).\n');
    expect(out.indexOf('src/bad.php')).toBeLessThan(out.indexOf('src/big.js'));
    expect(out.indexOf('src/big.js')).toBeLessThan(out.indexOf('src/shop.ts'));
    expect(out).toContain('✖ 3 problems (1 error, 2 warnings) in 3 files (3 scanned)');
    expect(out).toContain('2 files not fully scanned: 1 parse error, 1 too large');
  });

  it('prints no code frame when the source is not at hand', () => {
    const out = stylish(report({ findings: [shopFinding()] }), { color: false });
    expect(out).not.toContain('> 6 |');
    expect(out).toContain('read: src/shop.ts:4:26');
  });
});
