/** readSql never throws and never hangs, whatever it is given; its memo is bounded and its answers are copies. */
import { describe, expect, test } from 'vitest';
import type { SqlPiece } from '../src/model.js';
import { BoundedCache } from '../src/sql/cache.js';
import { looksLikeSql, prepareSql, readSql, sourceOffsetAt, statementEndOffset } from '../src/sql/index.js';

function expectWellFormed(sql: string | SqlPiece[]): void {
  const f = readSql(sql);
  expect(typeof f.kind).toBe('string');
  expect(Array.isArray(f.tables)).toBe(true);
  expect(typeof f.normalized).toBe('string');
  if (f.confidence === 'tolerant') expect(f.parseError).toBeTruthy();
  expect(f.parseError ?? '').not.toMatch(/^internal error/);
  expect(() => looksLikeSql(typeof sql === 'string' ? sql : '')).not.toThrow();
  expect(() => statementEndOffset(sql)).not.toThrow();
}

/** A small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('garbage in, facts out', () => {
  const junk: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['only a comment', '-- nothing here'],
    ['an unterminated block comment', 'SELECT /* never closed'],
    ['only semicolons', ';;;'],
    ['unbalanced single quote', "SELECT * FROM t WHERE a = 'oops"],
    ['unbalanced double quote', 'SELECT * FROM "t WHERE a = 1'],
    ['unbalanced backtick', 'SELECT * FROM `t WHERE a = 1'],
    ['unclosed parentheses', 'SELECT * FROM t WHERE ((((((((((((((((a = 1'],
    ['closing parentheses only', ')))) SELECT * FROM t'],
    ['unclosed dollar quote', 'SELECT $$never closed'],
    ['unclosed interpolation', 'SELECT * FROM ${table WHERE id = 1'],
    ['binary junk', String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536))],
    ['NUL bytes and the hole sentinel', 'SELECT \u0000 FROM \uE000t\uE000 WHERE \u0000'],
    ['lone surrogates', 'SELECT \ud800 FROM t\udc00'],
    ['keywords only', 'SELECT FROM WHERE AND OR UPDATE SET DELETE INSERT INTO VALUES'],
    ['operators only', '= = <> <=> :: -> ->> || && ? ?? $1 :a @b %s %d'],
    ['deep nesting', `SELECT ${'('.repeat(500)}1${')'.repeat(500)} FROM t`],
    ['very long identifier', `SELECT * FROM ${'t'.repeat(50_000)}`],
    ['English', 'Update your profile to continue.'],
    ['half a statement', 'UPDATE products SET'],
    ['dangling join', 'SELECT * FROM a JOIN'],
    ['insert without table', 'INSERT INTO'],
    ['delete without anything', 'DELETE'],
    ['lock without table', 'LOCK TABLES'],
    ['with without body', 'WITH x AS ('],
    ['for update alone', 'FOR UPDATE'],
    ['set without value', 'SET tx_isolation ='],
  ];
  test.each(junk)('%s', (_name, sql) => {
    const t = performance.now();
    expectWellFormed(sql);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  test('the empty statement is kind other with a reason', () => {
    expect(readSql('')).toMatchObject({ kind: 'other', tables: [], confidence: 'tolerant', parseError: 'empty statement', normalized: '' });
    expect(readSql([])).toMatchObject({ kind: 'other', parseError: 'empty statement' });
  });

  test('unbalanced input skips the parser (whose grammars backtrack exponentially on it)', () => {
    const t = performance.now();
    const f = readSql(`SELECT * FROM t WHERE ${'('.repeat(40)}a = 1 AND b = 2`);
    expect(performance.now() - t).toBeLessThan(200);
    expect(f).toMatchObject({ kind: 'select', tables: ['t'], confidence: 'tolerant', parseError: 'not parsed: unbalanced parentheses' });
  });

  test('a 100 KB statement is read by tokens, quickly', () => {
    // (not flat: the parenthesised condition would send it to the parser, were it not so long)
    const sql = `UPDATE products SET qty = qty - 1 WHERE id IN (${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}) AND (qty > 0 OR reserved = 0)`;
    expect(sql.length).toBeGreaterThan(100_000);
    const t = performance.now();
    const f = readSql(sql);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(f).toMatchObject({ kind: 'update', writeTables: ['products'], conditional: true, relativeSets: [{ column: 'qty', op: '-' }], confidence: 'tolerant' });
    expect(f.parseError).toMatch(/tokens/);
  });

  test('a 100 KB random string', () => {
    const next = rng(7);
    const alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'\"`()[]{};,.=<>!?$:@%#-*/\\\n\t";
    const s = Array.from({ length: 100_000 }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const t = performance.now();
    expectWellFormed(s);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  test('random splices of real SQL never throw', () => {
    const parts = [
      'SELECT', '*', 'FROM', 'products', 'p', 'WHERE', 'id', '=', '?', 'AND', '(', ')', "'x'", '`t`', '"u"', 'JOIN', 'ON', 'SET',
      'UPDATE', 'INSERT', 'INTO', 'VALUES', 'ON DUPLICATE KEY UPDATE', 'ON CONFLICT', 'DO', 'NOTHING', 'FOR UPDATE', 'SKIP LOCKED',
      ',', ';', 'BEGIN', 'COMMIT', 'WITH', 'AS', 'IN', 'NOT EXISTS', 'LOCK', 'TABLES', '$1', ':name', '%d', '#__x', '{y}', '${z}',
      'qty = qty - 1', 'DELETE', 'USING', 'RETURNING', 'GREATEST(', 'COALESCE(', '::int', '--', '/*', '*/', '\n',
    ];
    const next = rng(42);
    for (let n = 0; n < 400; n++) {
      const len = 1 + Math.floor(next() * 30);
      const sql = Array.from({ length: len }, () => parts[Math.floor(next() * parts.length)]).join(' ');
      expectWellFormed(sql);
    }
  });

  test('pieces with odd holes never throw', () => {
    const pieces: SqlPiece[] = [
      { kind: 'hole', source: '', offset: 5, endOffset: 3 },
      { kind: 'text', text: '', offset: 0 },
      { kind: 'text', text: 'SELECT * FROM ', offset: 10 },
      { kind: 'hole', source: '{$', offset: 24, endOffset: 26 },
      { kind: 'hole', source: '$x', offset: 26, endOffset: 28 },
      { kind: 'text', text: "' WHERE", offset: 28 },
    ];
    expectWellFormed(pieces);
    const p = prepareSql(pieces);
    for (let k = 0; k <= p.text.length; k++) {
      expect(Number.isFinite(sourceOffsetAt(p, k))).toBe(true);
      expect(Number.isFinite(sourceOffsetAt(p, k, 'left'))).toBe(true);
    }
    expect(sourceOffsetAt(prepareSql(''), 0)).toBe(-1);
  });
});

describe('memo', () => {
  test('answers are copies: changing one does not change the next', () => {
    const sql = 'UPDATE products SET qty = qty - 1 WHERE id = ? AND qty > 0';
    const a = readSql(sql);
    a.tables.push('oops');
    a.relativeSets[0].op = '+';
    a.kind = 'select';
    const b = readSql(sql);
    expect(b).toMatchObject({ kind: 'update', tables: ['products'], relativeSets: [{ column: 'qty', op: '-' }] });
  });

  test('the dialect is part of the key', () => {
    // not flat (a set operation), so the grammar of the dialect asked for reads it
    const sql = 'SELECT * FROM t WHERE "status" = 1 UNION SELECT * FROM u';
    expect(readSql(sql, { dialect: 'mysql' }).parsedAs).toBe('mysql');
    expect(readSql(sql, { dialect: 'postgresql' }).parsedAs).toBe('postgresql');
    expect(readSql(sql, { dialect: 'postgresql' }).whereColumns).toEqual(['status']);
  });

  test('repeated statements are fast', () => {
    const sqls = Array.from({ length: 50 }, (_, i) => `SELECT * FROM t${i} WHERE id = ? AND x = 'v${i}' FOR UPDATE`);
    for (const s of sqls) readSql(s);
    const t = performance.now();
    for (let r = 0; r < 100; r++) for (const s of sqls) readSql(s);
    expect(performance.now() - t).toBeLessThan(500);
  });

  test('BoundedCache forgets the least recently used entry', () => {
    const c = new BoundedCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('d', 4);
    expect(c.size).toBe(3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.get('d')]).toEqual([1, 3, 4]);
    c.set('c', 30);
    expect(c.size).toBe(3);
    expect(c.get('c')).toBe(30);
  });
});
