// A small order service on PostgreSQL (pg). `buy` sells the last item twice when two requests
// arrive together; `buyAtomically` is the same feature without the race.
import { Pool } from 'pg';

const pool = new Pool();

export async function buy(productId: number, customerId: number) {
  const { rows } = await pool.query('SELECT quantity, price FROM products WHERE id = $1', [productId]);
  const product = rows[0];
  if (!product || product.quantity < 1) {
    throw new Error('sold out');
  }
  await pool.query('INSERT INTO orders (product_id, customer_id, total) VALUES ($1, $2, $3)', [productId, customerId, product.price]);
  await pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [productId]);
}

export async function buyAtomically(productId: number, customerId: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT quantity, price FROM products WHERE id = $1 FOR UPDATE', [productId]);
    const product = rows[0];
    if (!product || product.quantity < 1) {
      throw new Error('sold out');
    }
    await client.query('INSERT INTO orders (product_id, customer_id, total) VALUES ($1, $2, $3)', [productId, customerId, product.price]);
    await client.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [productId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
