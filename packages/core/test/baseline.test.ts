import { describe, expect, it } from 'vitest';
import { baselineEntriesOf, baselineKey, hideBaselined, type BaselineEntry } from '../src/baseline.js';
import type { Finding } from '../src/findings.js';

const finding = (ruleId: string, unit: string, read: string, write: string): Finding =>
  ({ ruleId, file: '/repo/src/shop.php', unit, table: 'products', read: { sql: read }, write: { sql: write }, loc: { line: 1, column: 0 } }) as unknown as Finding;

const entry = (over: Partial<BaselineEntry> = {}): BaselineEntry => ({
  rule: 'check-then-act',
  file: 'src/shop.php',
  unit: 'buy',
  table: 'products',
  read: 'SELECT qty FROM products WHERE id = ?',
  write: 'UPDATE products SET qty = qty - 1 WHERE id = ?',
  count: 1,
  ...over,
});

describe('baseline matching', () => {
  it('hides as many findings as an entry counts, whatever the spacing of the statements or the unit suffix', () => {
    const f = finding('check-then-act', 'buy@12', 'SELECT qty FROM products WHERE id=?', 'UPDATE products SET qty=qty-1 WHERE id=?');
    const { kept, matched, remaining } = hideBaselined([f, f, f], [entry({ count: 2 })], () => 'src/shop.php');
    expect(kept).toEqual([f]);
    expect(matched).toBe(2);
    expect(remaining.get(baselineKey(entry()))).toBe(0);
  });

  it('keeps a finding of another rule, file or statement, and what the predicate excludes', () => {
    const f = finding('check-then-act', 'buy', entry().read!, entry().write!);
    expect(hideBaselined([f], [entry({ rule: 'insert-if-absent' })], () => 'src/shop.php').kept).toEqual([f]);
    expect(hideBaselined([f], [entry()], () => 'src/other.php').kept).toEqual([f]);
    expect(hideBaselined([f], [entry({ write: 'DELETE FROM products WHERE id = ?' })], () => 'src/shop.php').kept).toEqual([f]);
    expect(hideBaselined([f], [entry()], () => 'src/shop.php', () => false).kept).toEqual([f]);
  });
});

describe('baselineEntriesOf', () => {
  it('keeps the well-formed entries and says which others were left out', () => {
    const read = baselineEntriesOf({ tocscanBaseline: 1, entries: [entry(), { ...entry(), count: 0 }, { rule: 'x' }, entry({ table: undefined })] });
    expect(read.entries).toHaveLength(2);
    expect(read.problems).toEqual(['entry 1 is not valid; left out', 'entry 2 is not valid; left out']);
  });

  it('refuses what is not a baseline', () => {
    for (const value of [null, [], { entries: [] }, { tocscanBaseline: 2, entries: [] }, { tocscanBaseline: 1, entries: {} }]) {
      expect(baselineEntriesOf(value)).toEqual({ entries: [], problems: ['not a tocscan baseline (format 1); regenerate it with tocscan --generate-baseline'] });
    }
  });
});
