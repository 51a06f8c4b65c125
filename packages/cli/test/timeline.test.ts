import { describe, expect, it } from 'vitest';
import { colors } from '../src/colors.js';
import { renderTimeline } from '../src/timeline.js';

const plain = colors(false);

describe('renderTimeline', () => {
  it('renders nothing for an empty timeline', () => {
    expect(renderTimeline([], 76, plain)).toEqual([]);
  });

  it('puts request A and request B in two aligned columns, the note after the damaging row', () => {
    const lines = renderTimeline(
      [{ a: 'SELECT qty → 1' }, { b: 'SELECT qty → 1' }, { a: 'UPDATE qty = 0' }, { b: 'UPDATE qty = 0', note: 'sold twice' }],
      76,
      plain,
    );
    expect(lines).toEqual([
      'Request A        Request B',
      'SELECT qty → 1',
      '                 SELECT qty → 1',
      'UPDATE qty = 0',
      '                 UPDATE qty = 0  ← sold twice',
    ]);
  });

  it('cuts long cells with … and wraps a note that does not fit under its cell', () => {
    const sql = 'UPDATE products SET qty = qty - 1, updated_at = NOW() WHERE id = $1 AND shop_id = $2';
    const lines = renderTimeline(
      [{ a: `SELECT   qty,\n  price FROM products WHERE id = $1 AND shop_id = $2` }, { b: sql, note: 'B acts on a stale read: the check passed twice on products' }],
      76,
      plain,
    );
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(76);
    const columnB = lines[0].indexOf('Request B');
    expect(lines[1]).toMatch(/^SELECT qty, price FROM products .*…$/);
    expect(lines[2].indexOf('UPDATE')).toBe(columnB);
    expect(lines[2]).toMatch(/…$/);
    expect(lines[3]).toBe(`${' '.repeat(columnB)}↑ B acts on a stale read: the check`);
    expect(lines[4]).toBe(`${' '.repeat(columnB)}  passed twice on products`);
    expect(lines).toHaveLength(5);
  });

  it('puts the note under column A when the row only has request A', () => {
    const lines = renderTimeline([{ a: 'x'.repeat(60), note: 'a note far too long to share the row with the cell' }], 60, plain);
    expect(lines[2]).toMatch(/^↑ a note far too long/);
  });

  it('colours the header and the note only when asked', () => {
    const lines = renderTimeline([{ a: 'A', b: 'B', note: 'boom' }], 76, colors(true));
    expect(lines[0]).toContain('\u001b[1m');
    expect(lines[1]).toContain('\u001b[31m← boom');
    expect(renderTimeline([{ a: 'A', note: 'boom' }], 76, plain).join('')).not.toContain('\u001b');
  });
});
