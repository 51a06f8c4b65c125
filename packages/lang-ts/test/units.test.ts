import { describe, expect, it } from 'vitest';
import { describeUnit, model, unitNamed } from './helpers.js';

describe('units', () => {
  const src = `import { Pool } from 'pg';
import express from 'express';
const pool = new Pool();
const app = express();
await pool.query('DELETE FROM sessions WHERE expires_at < now()');
function declared(a, { b, c }, ...rest) {}
const arrow = async (id = 1) => pool.query('SELECT * FROM a WHERE id = $1', [id]);
const expr = function named() {};
exports.legacy = function () {};
Cart.prototype.add = function (item) {};
const api = { async list() {}, remove: (id) => {} };
class Repo {
  handler = async () => {};
  static { init(); }
  method() {}
  #secret() {}
}
export default async function handler(req, res) {}
app.post('/buy', async (req, res) => {
  await pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [req.body.id]);
});
(async () => {
  await pool.query('SELECT 1 FROM health');
})();
`;
  const m = model(src);

  it('names every function, method, field and closure; the top level is <module>', () => {
    expect(m.units.map((u) => `${u.kind} ${u.name}${u.simpleName ? ` [${u.simpleName}]` : ''}${u.className ? ` {${u.className}}` : ''}`)).toEqual([
      'module <module>',
      'function declared [declared]',
      'function arrow [arrow]',
      'function expr [expr]',
      'function legacy [legacy]',
      'method Cart.add [add] {Cart}',
      'method list [list]',
      'method remove [remove]',
      'method Repo.handler [handler] {Repo}',
      'closure <anonymous@14>',
      'method Repo.method [method] {Repo}',
      'method Repo.#secret [#secret] {Repo}',
      'function handler [handler]',
      'closure <anonymous@19>',
    ]);
  });

  it('module-level code, including an immediately invoked async function, is the module unit', () => {
    expect(describeUnit(unitNamed(m, '<module>'))).toEqual([
      '#1 query delete sessions [pool.query pg]',
      '#2 query select health [pool.query pg]',
    ]);
  });

  it('parameters are listed as written; an arrow expression body is returned', () => {
    expect(unitNamed(m, 'declared').params).toEqual(['a', '{ b, c }', 'rest']);
    const arrow = unitNamed(m, 'arrow');
    expect(arrow.params).toEqual(['id']);
    expect(describeUnit(arrow)).toEqual(['#1 query select a [pool.query pg] data(p0) ret']);
  });

  it('a route handler closure is its own unit with its own events', () => {
    const route = unitNamed(m, '<anonymous@19>');
    expect(route.params).toEqual(['req', 'res']);
    expect(describeUnit(route)).toEqual(['#1 query update products [pool.query pg] data(p0)']);
  });

  it('unit locations span the function (the member for methods)', () => {
    const method = unitNamed(m, 'Repo.method');
    expect(src.slice(method.loc.offset, method.loc.endOffset)).toBe('method() {}');
    expect(method.loc.line).toBe(15);
  });

  it('array callbacks run inline once per element: the iterated value guards their events', () => {
    const u = unitNamed(
      model(`import { Pool } from 'pg';
const pool = new Pool();
export async function release(orderId) {
  const { rows } = await pool.query('SELECT product_id, qty FROM order_items WHERE order_id = $1', [orderId]);
  await Promise.all(rows.map((item) => pool.query('UPDATE products SET stock = stock + $1 WHERE id = $2', [item.qty, item.product_id])));
  rows.forEach(function (item) { audit(item); });
}`),
      'release',
    );
    expect(describeUnit(u)).toEqual([
      '#1 query select order_items [pool.query pg] data(p0)',
      '#2 query update products [pool.query pg] guard(#1) data(#1)',
    ]);
  });
});
