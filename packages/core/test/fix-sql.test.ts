/**
 * The language-neutral half of the fixes: SQL rewrites where the SQL stands in source, the text edit
 * helpers, and the unique-constraint DDL. A small stand-in host plays the host language: the SQL is
 * one quoted literal in the source.
 */
import { describe, expect, it } from 'vitest';
import { readSql, type FileModel, type QueryEvent } from '../src/index.js';
import { applyEdits, mapOffset, normalizeEdits } from '../src/fix/edits.js';
import type { FixHost } from '../src/fix/host.js';
import { conditionalEdits, equalityKeys, lockingEdit, quoteIdent, selectedColumns, uniqueConstraintDdl, upsertEdits } from '../src/fix/sql-edits.js';
import { freshName, indentLines, indentUnit } from '../src/fix/text.js';
import { isRefusal } from '../src/fix/types.js';

/** `run(<quote>sql<quote>, [a, b])` as the source (quotes in the SQL are left as they are); the literal's content starts after `run(` and the quote. */
function setup(sql: string, options: { quote?: string; values?: string[]; escape?: (s: string) => string } = {}) {
  const quote = options.quote ?? "'";
  const values = options.values ?? [];
  const text = `run(${quote}${sql}${quote}, [${values.join(', ')}]);`;
  const start = 4;
  const q: QueryEvent = {
    type: 'query',
    id: 1,
    loc: { line: 1, column: 0, endLine: 1, endColumn: text.length - 1, offset: 0, endOffset: text.length - 1 },
    guard: { events: [], params: [] },
    data: { events: [], params: [] },
    pieces: [{ kind: 'text', text: sql, offset: start + 1 }],
    sql: readSql(sql),
    api: 'run',
    result: { inCondition: false, returned: false, affectedRowsChecked: false },
  };
  const end = start + sql.length + 2;
  const arrayClose = text.lastIndexOf(']');
  const host: FixHost = {
    lang: 'ts',
    text,
    literalAt: (offset) =>
      offset > start && offset < end ? { start, end, escape: options.escape ?? ((s) => s.replace(/'/g, "\\'")), interpolate: () => undefined } : undefined,
    guards: () => undefined,
    readNames: () => new Set(),
    effectsBefore: () => false,
    addParam: (_q, source) => ({ edits: [{ offset: arrayClose, endOffset: arrayClose, text: values.length ? `, ${source}` : source }], position: values.length + 1 }),
    paramSource: (_q, placeholder, n) => values[/^\$\d+$/.test(placeholder) ? Number(placeholder.slice(1)) - 1 : n],
    rowsCheck: () => ({ refused: 'not here' }),
    wrapInTransaction: () => ({ refused: 'not here' }),
    insertOrUpdate: () => ({ refused: 'not here' }),
  };
  const file: FileModel = { path: 'x.ts', lang: 'ts', units: [{ name: 'f', kind: 'function', params: [], loc: q.loc, events: [q], returns: { events: [], params: [] } }], problems: [] };
  return { text, q, host, ed: { host, file } };
}

function applied(text: string, edits: { offset: number; endOffset: number; text: string }[]): string {
  return applyEdits(text, normalizeEdits(edits)!);
}

describe('FOR UPDATE where the SELECT stands', () => {
  it('goes after ORDER BY / LIMIT and before a trailing semicolon', () => {
    const { text, q, ed } = setup('SELECT id FROM jobs WHERE status = $1 ORDER BY id LIMIT 1;');
    const edit = lockingEdit(ed, q, 'postgresql');
    expect(isRefusal(edit)).toBe(false);
    expect(applied(text, [edit as never])).toBe("run('SELECT id FROM jobs WHERE status = $1 ORDER BY id LIMIT 1 FOR UPDATE;', []);");
  });

  it('is refused where PostgreSQL rejects it, and in SQLite', () => {
    expect(lockingEdit(setup('SELECT COUNT(*) FROM seats WHERE show_id = $1').ed, setup('SELECT COUNT(*) FROM seats WHERE show_id = $1').q, 'postgresql')).toEqual({
      refused: 'PostgreSQL does not allow FOR UPDATE with COUNT',
    });
    const join = setup('SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1');
    expect(isRefusal(lockingEdit(join.ed, join.q, 'postgresql'))).toBe(true);
    expect(isRefusal(lockingEdit(join.ed, join.q, 'mysql'))).toBe(false);
    const plain = setup('SELECT qty FROM products WHERE id = ?');
    expect(lockingEdit(plain.ed, plain.q, 'sqlite')).toEqual({ refused: 'SQLite has no SELECT … FOR UPDATE' });
  });

  it('is refused when the literal has escapes (source and SQL text no longer line up)', () => {
    const sql = "SELECT id FROM notes WHERE body = 'it''s'";
    const escaped = setup(sql);
    // the source spells the quotes differently from the SQL text
    const text = escaped.text.replace("'it''s'", "\\'it\\'\\'s\\'");
    const host = { ...escaped.host, text };
    expect(isRefusal(lockingEdit({ host, file: escaped.ed.file }, escaped.q, 'mysql'))).toBe(true);
  });

  it('is refused when another statement runs the same literal', () => {
    const s = setup('SELECT qty FROM products WHERE id = ?');
    const twin = { ...s.q, id: 2 };
    const file = { ...s.ed.file, units: [{ ...s.ed.file.units[0], events: [s.q, twin] }] };
    expect(lockingEdit({ host: s.host, file }, s.q, 'mysql')).toEqual({ refused: 'the SQL text is shared with other statements' });
  });
});

describe('conditional WHERE', () => {
  it('numbers a new $n after the highest and binds the value', () => {
    const { text, q, ed } = setup('UPDATE products SET qty = qty - $1 WHERE id = $2 RETURNING qty', { values: ['n', 'id'] });
    const out = conditionalEdits(ed, q, [{ column: 'qty', op: '>=', value: { kind: 'expr', source: 'n' } }]);
    expect(isRefusal(out)).toBe(false);
    if (isRefusal(out)) return;
    expect(out.sql).toBe('AND qty >= $3');
    expect(applied(text, out.edits)).toBe("run('UPDATE products SET qty = qty - $1 WHERE id = $2 AND qty >= $3 RETURNING qty', [n, id, n]);");
  });

  it('inlines numbers and quote-free strings; binds a string that would need escapes', () => {
    const { text, q, ed } = setup("UPDATE seats SET status = 'held' WHERE id = ?", { values: ['id'] });
    const out = conditionalEdits(ed, q, [
      { column: 'status', op: '=', value: { kind: 'string', value: 'free', source: "'free'" } },
      { column: 'version', op: '=', value: { kind: 'number', text: '3' } },
      { column: 'held_by', op: 'IS NULL' },
    ]);
    if (isRefusal(out)) throw new Error(out.refused);
    expect(applied(text, out.edits)).toBe("run('UPDATE seats SET status = 'held' WHERE id = ? AND status = ? AND version = 3 AND held_by IS NULL', [id, 'free']);");
  });

  it('refuses an OR at the top of the WHERE, and a positional placeholder after it', () => {
    const or = setup('UPDATE t SET a = 1 WHERE id = ? OR code = ?', { values: ['id', 'code'] });
    expect(conditionalEdits(or.ed, or.q, [{ column: 'qty', op: '>', value: { kind: 'number', text: '0' } }])).toEqual({ refused: 'the WHERE clause has an OR at its top level' });
    const limit = setup('UPDATE t SET a = 1 WHERE id = ? LIMIT ?', { values: ['id', '1'] });
    expect(conditionalEdits(limit.ed, limit.q, [{ column: 'qty', op: '>', value: { kind: 'expr', source: 'n' } }])).toEqual({
      refused: 'a positional placeholder follows the WHERE clause',
    });
  });
});

describe('upserts', () => {
  it('MySQL: INSERT IGNORE, or ON DUPLICATE KEY UPDATE adding the inserted value', () => {
    const { text, q, ed } = setup('INSERT INTO cart (cart_id, product_id, qty) VALUES (?, ?, ?)', { values: ['c', 'p', 'n'] });
    const ignore = upsertEdits(ed, q, 'mysql', ['cart_id', 'product_id']);
    if (isRefusal(ignore)) throw new Error(ignore.refused);
    expect(applied(text, ignore.edits)).toBe("run('INSERT IGNORE INTO cart (cart_id, product_id, qty) VALUES (?, ?, ?)', [c, p, n]);");
    const merge = upsertEdits(ed, q, 'mysql', ['cart_id', 'product_id'], 'qty');
    if (isRefusal(merge)) throw new Error(merge.refused);
    expect(merge.form).toBe('ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)');
  });

  it('PostgreSQL: ON CONFLICT before RETURNING; the target names reserved words quoted', () => {
    const { text, q, ed } = setup('INSERT INTO votes (poll_id, "user", choice) VALUES ($1, $2, $3) RETURNING id');
    const out = upsertEdits(ed, q, 'postgresql', ['poll_id', 'user']);
    if (isRefusal(out)) throw new Error(out.refused);
    expect(out.returning).toBe(true);
    expect(applied(text, out.edits)).toBe('run(\'INSERT INTO votes (poll_id, "user", choice) VALUES ($1, $2, $3) ON CONFLICT (poll_id, "user") DO NOTHING RETURNING id\', []);');
  });

  it('SQLite: DO UPDATE with excluded; refuses keys the INSERT does not set, and several rows', () => {
    const { q, ed } = setup('INSERT INTO cart (cart_id, product_id, qty) VALUES (?, ?, ?)');
    const out = upsertEdits(ed, q, 'sqlite', ['cart_id', 'product_id'], 'qty');
    if (isRefusal(out)) throw new Error(out.refused);
    expect(out.form).toBe('ON CONFLICT (cart_id, product_id) DO UPDATE SET qty = qty + excluded.qty');
    expect(upsertEdits(ed, q, 'sqlite', ['session_id'])).toEqual({ refused: 'the INSERT does not set session_id' });
    const rows = setup('INSERT INTO tags (name) VALUES (?), (?)');
    expect(upsertEdits(rows.ed, rows.q, 'sqlite', ['name'])).toEqual({ refused: 'the INSERT adds several rows' });
  });

  it('names the unique constraint it relies on, with the DDL per dialect', () => {
    expect(uniqueConstraintDdl('cart_items', ['cart_id', 'product_id'], 'postgresql')).toEqual({
      name: 'cart_items_cart_id_product_id_key',
      ddl: 'ALTER TABLE cart_items ADD CONSTRAINT cart_items_cart_id_product_id_key UNIQUE (cart_id, product_id);',
    });
    expect(uniqueConstraintDdl('cart', ['session_id', 'option'], 'mysql').ddl).toBe('ALTER TABLE cart ADD UNIQUE KEY uq_cart_session_id_option (session_id, `option`);');
    expect(uniqueConstraintDdl('tags', ['name'], 'sqlite').ddl).toBe('CREATE UNIQUE INDEX tags_name_unique ON tags (name);');
    expect(quoteIdent('order', 'postgresql')).toBe('"order"');
  });
});

describe('what the SELECT checks and reads', () => {
  it('equality keys only when the WHERE is a list of equalities', () => {
    expect(equalityKeys(setup('SELECT id FROM cart WHERE cart_id = ? AND product_id = ?').q, setup('SELECT id FROM cart WHERE cart_id = ? AND product_id = ?').text)).toEqual([
      'cart_id',
      'product_id',
    ]);
    const range = setup('SELECT COUNT(*) AS n FROM addresses WHERE customer_id = ? AND created_at > ?');
    expect(equalityKeys(range.q, range.text)).toBeUndefined();
  });

  it('selected columns by the names rows expose, and COUNT aliases', () => {
    const s = setup('SELECT id, p.qty AS stock, COUNT(*) AS n FROM products p WHERE id = ?');
    const cols = selectedColumns(s.q, s.text);
    expect(cols && { all: cols.all, byName: [...cols.byName], counts: [...cols.counts] }).toEqual({
      all: false,
      byName: [
        ['id', 'id'],
        ['stock', 'qty'],
      ],
      counts: ['n'],
    });
  });
});

describe('text edits', () => {
  it('sorts, keeps insertion order at one point, drops duplicates, refuses overlaps', () => {
    expect(normalizeEdits([{ offset: 5, endOffset: 5, text: 'b' }, { offset: 1, endOffset: 2, text: 'x' }, { offset: 5, endOffset: 5, text: 'c' }])).toEqual([
      { offset: 1, endOffset: 2, text: 'x' },
      { offset: 5, endOffset: 5, text: 'b' },
      { offset: 5, endOffset: 5, text: 'c' },
    ]);
    expect(normalizeEdits([{ offset: 1, endOffset: 4, text: 'x' }, { offset: 1, endOffset: 4, text: 'x' }])).toHaveLength(1);
    expect(normalizeEdits([{ offset: 1, endOffset: 4, text: 'x' }, { offset: 3, endOffset: 3, text: 'y' }])).toBeUndefined();
  });

  it('follows offsets through the edits', () => {
    const edits = normalizeEdits([{ offset: 0, endOffset: 0, text: '  ' }, { offset: 4, endOffset: 8, text: 'client' }])!;
    expect(mapOffset(0, edits)).toBe(2);
    expect(mapOffset(4, edits)).toBe(6);
    expect(mapOffset(6, edits)).toBe(6);
    expect(mapOffset(9, edits)).toBe(13);
  });

  it('indents lines except blank ones and those inside literals; finds the indent unit and fresh names', () => {
    const text = 'a\n\n`x\ny`\nb\n';
    expect(applyEdits(text, indentLines(text, 0, text.length - 1, '  ', [[3, 8]]))).toBe('  a\n\n  `x\ny`\n  b\n');
    expect(indentUnit('x\n    y\n        z\n    w\n', '  ')).toBe('    ');
    expect(indentUnit('x\n\ty\n', '  ')).toBe('\t');
    expect(freshName('client', 'const client = 1; const client2 = 2;')).toBe('client3');
    expect(freshName('affected', '$affected = 1;', '$')).toBe('affected2');
  });
});
