/** Fingerprints key baselines and SARIF results: they must survive moved lines and reformatted SQL. */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, findingsFor, fingerprintSql, presetSeverities, stableUnitName } from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import { parseTs } from '@tocscan/lang-ts';
import { rules } from '@tocscan/rules';

function fingerprints(model: ReturnType<typeof parseTs>): string[] {
  return analyzeFiles([model]).flatMap((a) => findingsFor(a, rules, presetSeverities(rules, 'strict'))).map((f) => f.fingerprint);
}

const TS = (pad: string, update: string) => `import { Pool } from 'pg';
const pool = new Pool();
${pad}
export const handlers = [async (id: number) => {
  const { rows } = await pool.query('SELECT qty FROM products WHERE id = $1', [id]);
  if (rows[0].qty < 1) throw new Error('sold out');
  await pool.query(${update}, [id]);
}];
`;

describe('fingerprints', () => {
  it('survive moved lines, also in anonymous functions, and reformatted SQL', () => {
    const before = fingerprints(parseTs(TS('', "'UPDATE products SET qty = qty - 1 WHERE id = $1'"), 'a.ts'));
    const after = fingerprints(parseTs(TS('\n// moved down\n\n', "`UPDATE products\n     SET qty=qty-1\n   WHERE id=$1`"), 'a.ts'));
    expect(before).toHaveLength(1);
    expect(after).toEqual(before);
  });

  it('change with the statement, the file and the rule', () => {
    const base = fingerprints(parseTs(TS('', "'UPDATE products SET qty = qty - 1 WHERE id = $1'"), 'a.ts'));
    expect(fingerprints(parseTs(TS('', "'UPDATE products SET qty = qty - 2 WHERE id = $1'"), 'a.ts'))).not.toEqual(base);
    expect(fingerprints(parseTs(TS('', "'UPDATE products SET qty = qty - 1 WHERE id = $1'"), 'b.ts'))).not.toEqual(base);
  });

  it('stay unique when one function repeats a race', () => {
    const php = `<?php
function buy($db, $id) {
  $row = $db->fetchRow("SELECT qty FROM products WHERE id = " . (int) $id);
  if ($row['qty'] > 0) { $db->query("UPDATE products SET qty = qty - 1 WHERE id = " . (int) $id); }
  if ($row['qty'] > 1) { $db->query("UPDATE products SET qty = qty - 1 WHERE id = " . (int) $id); }
}`;
    const list = fingerprints(parsePhp(php, 'buy.php'));
    expect(list).toHaveLength(2);
    expect(new Set(list).size).toBe(2);
    expect(list[1]).toBe(`${list[0]}:1`);
  });

  it('compare SQL without spacing and units without line numbers', () => {
    expect(fingerprintSql('UPDATE t SET a = a - 1 ,b=2  WHERE id = ?')).toBe(fingerprintSql('UPDATE t SET a=a-1, b = 2 WHERE id=?'));
    expect(fingerprintSql('SELECT a FROM t')).not.toBe(fingerprintSql('SELECT aFROM t'));
    expect(stableUnitName('<anonymous@12>')).toBe('<anonymous>');
    expect(stableUnitName('Cart.add')).toBe('Cart.add');
  });
});
