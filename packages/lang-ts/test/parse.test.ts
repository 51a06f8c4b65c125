import { describe, expect, it } from 'vitest';
import * as espree from 'espree';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { extractTs, parseTs } from '../src/index.js';
import { dump } from './helpers.js';

const JS = `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
class Wallets {
  async debit(id, amount) {
    const [rows] = await pool.query('SELECT balance FROM wallets WHERE id = ?', [id]);
    if (rows[0].balance < amount) throw new Error('insufficient funds');
    const [res] = await pool.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance - amount, id]);
    return res.affectedRows;
  }
}
module.exports = { debit: (id, a) => new Wallets().debit(id, a) };
app.get('/x', async (req, res) => res.json(await pool.query('SELECT * FROM wallets')));
`;

describe('parsing', () => {
  it('a syntax error is a fatal problem with its position, never a throw', () => {
    const m = parseTs('export function f() {\n  const x = ;\n}\n', 'broken.ts');
    expect(m.units).toEqual([]);
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0]).toMatchObject({ severity: 'fatal', line: 2, column: 12 });
    expect(m.problems[0].message).toMatch(/expected/i);
    expect(m.lang).toBe('ts');
    expect(m.path).toBe('broken.ts');
  });

  it('parses JSX in .tsx and .js files; server actions inside components are units', () => {
    const tsx = parseTs(
      `import { sql } from '@vercel/postgres';
export default function Page({ id }: { id: number }) {
  async function redeem() {
    'use server';
    const { rows } = await sql\`SELECT balance FROM gift_cards WHERE id = \${id}\`;
    if (rows[0].balance > 0) await sql\`UPDATE gift_cards SET balance = 0 WHERE id = \${id}\`;
  }
  return <form action={redeem}><button type="submit">Redeem</button></form>;
}`,
      'page.tsx',
    );
    expect(tsx.problems).toEqual([]);
    expect(tsx.dialect).toBe('postgresql');
    expect(tsx.units[1].params).toEqual(['{ id }']);
    expect(dump(tsx)).toContain(
      'function redeem() returns()\n  #1 query select gift_cards [sql generic] cond\n  #2 query update gift_cards [sql generic] guard(#1)',
    );
    expect(parseTs('const el = <div onClick={() => 1} />;', 'c.js').problems).toEqual([]);
  });

  it('gives the same model for espree and typescript-estree trees of a JS file', () => {
    const fromEspree = espree.parse(JS, { range: true, loc: true, ecmaVersion: 'latest', sourceType: 'module' }) as unknown as TSESTree.Program;
    const fromTs = parse(JS, { range: true, loc: true });
    const a = extractTs(fromEspree, JS, 'w.js');
    const b = extractTs(fromTs, JS, 'w.js');
    expect(a).toEqual(b);
    expect(dump(a)).toBe(
      [
        'module <module>() returns()',
        'method Wallets.debit(id, amount) returns(#2)',
        '  #1 query select wallets [pool.query mysql2] data(p0) cond',
        '  #2 query update wallets [pool.execute mysql2] guard(#1 p1) data(#1 p0 p1) ret aff',
        'function debit(id, a) returns(#1)',
        '  #1 call debit recv=new Wallets() args(p0|p1) data(p0 p1) ret',
        'closure <anonymous@12>(req, res) returns(#1 p1)',
        '  #1 query select wallets [pool.query mysql2] ret',
      ].join('\n'),
    );
  });
});
