import { describe, expect, it } from 'vitest';
import { htmlReporter } from '../src/reporters/html/index.js';
import { timelineOf } from '../src/reporters/html/timeline.js';
import { report, SHOP_SOURCE, shopFinding } from './helpers.js';

describe('html reporter', () => {
  const cart = shopFinding({
    ruleId: 'insert-if-absent',
    table: 'carts',
    fingerprint: 'c4:1',
    message: 'carts: <script>alert(1)</script> & more',
    write: { ...shopFinding().write!, sql: 'INSERT INTO carts (id) VALUES ($1)' },
  });
  const page = htmlReporter(
    report({
      files: ['src/a.php', 'src/shop.ts'],
      findings: [shopFinding(), cart],
      errors: [{ file: 'src/a.php', kind: 'syntax', severity: 'warning', message: 'Syntax error <here>', line: 2, column: 0 }],
      sources: new Map([['src/shop.ts', SHOP_SOURCE]]),
    }),
    { color: false },
  );

  it('is one page with no external resource', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<(link|img|iframe)\b|src=|@import|url\(/);
    expect(page).toContain("default-src 'none'");
  });

  it('groups findings by file, then by table, and escapes every text', () => {
    const shop = page.indexOf('<section class="file" id="file-src_2fshop_2ets">');
    expect(page.indexOf('<section class="file" id="file-src_2fa_2ephp">')).toBeLessThan(shop);
    const carts = page.indexOf('table <code>carts</code> · 1 finding', shop);
    const products = page.indexOf('table <code>products</code> · 1 finding', shop);
    expect(carts).toBeGreaterThan(shop);
    expect(products).toBeGreaterThan(carts);
    expect(page).toContain('carts: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(page).toContain('Syntax error &lt;here&gt;');
    expect(page).toContain('id="f-c4_3a1" data-rule="insert-if-absent" data-fingerprint="c4:1"');
  });

  it('shows the code from the read (check) to the write (act)', () => {
    expect(page).toContain('<tr class="check"><td class="ln">4</td>');
    expect(page).toContain('<tr class="act"><td class="ln">6</td>');
    expect(page).toContain('<span class="tag">act (write)</span>');
    expect(page).toMatch(/<td class="ln">2<\/td>[\s\S]*<td class="ln">8<\/td>/);
  });

  it('draws the race as two requests with the real statements, the window and the damage', () => {
    const t = timelineOf(
      shopFinding({
        read: { ...shopFinding().read!, sql: 'SELECT quantity, price, name FROM products WHERE id = $1 AND deleted_at IS NULL' },
        timeline: [
          { a: 'SELECT quantity, price, name FROM products WHERE id = $1 AND…' },
          { b: 'SELECT quantity, price, name FROM products WHERE id = $1 AND…' },
          { a: 'checks the row: OK' },
          { b: 'checks the row: OK' },
          { a: 'UPDATE products SET qty = qty - 1 WHERE id = $1' },
          { b: 'UPDATE products SET qty = qty - 1 WHERE id = $1', note: 'B acts on a stale read' },
        ],
      }),
    );
    expect(t).toContain('<th>Request A</th><th>Request B</th>');
    expect(t).toContain('<code>SELECT quantity, price, name FROM products WHERE id = $1 AND deleted_at IS NULL</code>');
    expect(t).toContain('<span class="step">checks the row: OK</span>');
    expect(t.match(/<tr class="window">/g)).toHaveLength(3);
    expect(t).toContain('<tr class="damage"><td class="t">6</td><td class="lane-a idle"></td><td class="lane-b"><code>UPDATE');
    expect(t).toContain('<tr class="note"><td colspan="3">⚠ B acts on a stale read</td></tr>');
  });

  it('says so when there is nothing to show', () => {
    expect(htmlReporter(report({ files: ['a.ts'] }), { color: false })).toContain('✔ No problems found in 1 file.');
  });
});
