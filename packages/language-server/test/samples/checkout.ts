// Checkout handler (pg): reads the stock, checks it, then decrements it outside any transaction.
import { pool } from './db';

export async function buy(productId: number, customerId: number): Promise<void> {
  const { rows } = await pool.query('SELECT quantity, price FROM products WHERE id = $1', [productId]);
  if (rows.length === 0 || rows[0].quantity < 1) {
    throw new Error('sold out');
  }
  await pool.query('INSERT INTO orders (product_id, customer_id, total) VALUES ($1, $2, $3)', [productId, customerId, rows[0].price]);
  await pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [productId]);
}
