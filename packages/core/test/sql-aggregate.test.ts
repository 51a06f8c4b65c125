import { describe, expect, it } from 'vitest';
import { readSql } from '@tocscan/core';

describe('aggregate fact', () => {
  it.each([
    ['SELECT MAX(invoice_no) FROM invoices', true],
    ['SELECT COUNT(*) AS n FROM coupon_uses WHERE customer_id = ?', true],
    ['select sum(qty) from cart_items where cart_id = $1', true],
    ['SELECT id, (SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id) AS n FROM products p', false],
    ['SELECT id, quantity FROM products WHERE id = ?', false],
    ['SELECT * FROM orders WHERE id IN (SELECT MAX(id) FROM orders)', false],
    ['UPDATE counters SET n = n + 1 WHERE id = ?', false],
  ])('%s → %s', (sql, aggregate) => {
    expect(!!readSql(sql).aggregate).toBe(aggregate);
  });
});
