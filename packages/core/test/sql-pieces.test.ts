/**
 * SQL assembled from source pieces: table-prefix holes, holes naming tables, holes in value position,
 * and the map from stand-in text back to source offsets that fixers use.
 */
import { describe, expect, test } from 'vitest';
import type { SqlPiece } from '../src/model.js';
import { prepareSql, readSql, sourceOffsetAt, statementEndOffset, type SqlFacts } from '../src/sql/index.js';
import { readSqlByGrammar } from '../src/sql/read.js';

/**
 * The grammars' reading of `pieces`, after checking that one accepts the stand-in text and that readSql
 * (which reads flat statements without the parser) gives the same facts.
 */
function readParsed(pieces: SqlPiece[], options: Parameters<typeof readSql>[1] = {}): SqlFacts {
  const grammar = readSqlByGrammar(pieces, options);
  expect(grammar.confidence).toBe('parsed');
  const howRead = { confidence: undefined, parsedAs: undefined, parseError: undefined };
  expect({ ...readSql(pieces, options), ...howRead }).toEqual({ ...grammar, ...howRead });
  return grammar;
}

/**
 * Pieces of a PHP string expression as a frontend gives them, with offsets into `src`:
 * `"…"` literals (split at `{$x}` / `$x` / `$x->y` interpolations), `'…'` literals, and the
 * expressions concatenated between them with `.`.
 */
function php(src: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      const base = i + 1;
      const re = c === '"' ? /\{\$[^}]*\}|\$[A-Za-z_]\w*(?:->\w+)?/g : /$^/g;
      let at = 0;
      for (const m of body.matchAll(re)) {
        const k = m.index ?? 0;
        if (k > at) pieces.push({ kind: 'text', text: body.slice(at, k), offset: base + at });
        pieces.push({ kind: 'hole', source: m[0], offset: base + k, endOffset: base + k + m[0].length });
        at = k + m[0].length;
      }
      if (at < body.length) pieces.push({ kind: 'text', text: body.slice(at), offset: base + at });
      i = j + 1;
    } else if (c === '.' || c === ' ') {
      i++;
    } else {
      const rest = src.slice(i);
      const end = /\s+\.\s+/.exec(rest);
      const expr = (end ? rest.slice(0, end.index) : rest).trimEnd();
      pieces.push({ kind: 'hole', source: expr, offset: i, endOffset: i + expr.length });
      i += expr.length;
    }
  }
  return pieces;
}

/** Pieces of a TypeScript template literal body (`…${expr}…`), offsets into `src`. */
function ts(src: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let at = 0;
  for (const m of src.matchAll(/\$\{[^}]*\}/g)) {
    const k = m.index ?? 0;
    if (k > at) pieces.push({ kind: 'text', text: src.slice(at, k), offset: at });
    pieces.push({ kind: 'hole', source: m[0], offset: k, endOffset: k + m[0].length });
    at = k + m[0].length;
  }
  if (at < src.length) pieces.push({ kind: 'text', text: src.slice(at), offset: at });
  return pieces;
}

describe('the test helpers build pieces the way frontends do', () => {
  test('php()', () => {
    const src = `"SELECT * FROM " . DB_PREFIX . "product WHERE id = '" . (int)$id . "'"`;
    expect(php(src)).toEqual([
      { kind: 'text', text: 'SELECT * FROM ', offset: 1 },
      { kind: 'hole', source: 'DB_PREFIX', offset: 19, endOffset: 28 },
      { kind: 'text', text: "product WHERE id = '", offset: 32 },
      { kind: 'hole', source: '(int)$id', offset: 56, endOffset: 64 },
      { kind: 'text', text: "'", offset: 68 },
    ]);
    expect(php(`"SELECT * FROM {$wpdb->prefix}posts"`)[1]).toEqual({ kind: 'hole', source: '{$wpdb->prefix}', offset: 15, endOffset: 30 });
  });
  test('ts()', () => {
    expect(ts('SELECT * FROM t WHERE id = ${id}')).toEqual([
      { kind: 'text', text: 'SELECT * FROM t WHERE id = ', offset: 0 },
      { kind: 'hole', source: '${id}', offset: 27, endOffset: 32 },
    ]);
  });
});

describe('table-prefix holes: the table is the rest', () => {
  test('OpenCart DB_PREFIX, value hole inside quotes', () => {
    const f = readParsed(php(`"SELECT quantity FROM " . DB_PREFIX . "product WHERE product_id = '" . (int)$product_id . "'"`));
    expect(f).toMatchObject({ kind: 'select', tables: ['product'], whereColumns: ['product_id'], confidence: 'parsed' });
    expect(f.normalized).toBe("SELECT quantity FROM product WHERE product_id = '?'");
  });
  test('OpenCart stock decrement: relative and conditional', () => {
    const f = readParsed(
      php(`"UPDATE " . DB_PREFIX . "product SET quantity = (quantity - " . (int)$quantity . ") WHERE product_id = '" . (int)$product_id . "' AND subtract = '1'"`),
    );
    expect(f).toMatchObject({ kind: 'update', writeTables: ['product'], relativeSets: [{ column: 'quantity', op: '-' }], conditional: true, confidence: 'parsed' });
    expect(f.normalized).toBe("UPDATE product SET quantity = (quantity - ?) WHERE product_id = '?' AND subtract = '1'");
  });
  test('a prefixed table named like a reserved word (OpenCart `order`)', () => {
    const f = readParsed(
      php(
        `"SELECT o.order_id, os.name FROM " . DB_PREFIX . "order o LEFT JOIN " . DB_PREFIX . "order_status os ON (o.order_status_id = os.order_status_id) WHERE o.order_id = '" . (int)$order_id . "'"`,
      ),
    );
    expect(f).toMatchObject({ kind: 'select', tables: ['order', 'order_status'], confidence: 'parsed' });
  });
  test('OpenCart 4: prefix inside backticks', () => {
    const f = readSql(php('"UPDATE `" . DB_PREFIX . "product` SET `quantity` = `quantity` - \'" . (int)$qty . "\' WHERE `product_id` = \'" . (int)$id . "\'"'));
    expect(f).toMatchObject({ kind: 'update', tables: ['product'], relativeSets: [{ column: 'quantity', op: '-' }], conditional: false });
    expect(f.normalized).toBe("UPDATE `product` SET `quantity` = `quantity` - '?' WHERE `product_id` = '?'");
  });
  test('OpenCart cart delete keyed by ids only is not conditional', () => {
    const f = readSql(
      php(
        `"DELETE FROM " . DB_PREFIX . "cart WHERE api_id = '" . (int)$api_id . "' AND customer_id = '" . (int)$customer_id . "' AND session_id = '" . $this->db->escape($session_id) . "'"`,
      ),
    );
    expect(f).toMatchObject({ kind: 'delete', writeTables: ['cart'], conditional: false, whereColumns: ['api_id', 'customer_id', 'session_id'] });
  });
  test('OpenCart INSERT … SET', () => {
    const f = readSql(php(`"INSERT INTO " . DB_PREFIX . "coupon_history SET coupon_id = '" . (int)$coupon_id . "', order_id = '" . (int)$order_id . "', amount = '" . (float)$amount . "', date_added = NOW()"`));
    expect(f).toMatchObject({ kind: 'insert', writeTables: ['coupon_history'], setColumns: ['coupon_id', 'order_id', 'amount', 'date_added'] });
  });
  test('WordPress {$wpdb->prefix} in a double-quoted string, %d placeholder', () => {
    const f = readSql(php(`"UPDATE {$wpdb->prefix}wc_product_meta_lookup SET stock_quantity = stock_quantity - %d WHERE product_id = %d"`));
    expect(f).toMatchObject({ kind: 'update', writeTables: ['wc_product_meta_lookup'], relativeSets: [{ column: 'stock_quantity', op: '-' }], conditional: false });
    expect(f.normalized).toBe('UPDATE wc_product_meta_lookup SET stock_quantity = stock_quantity - %d WHERE product_id = %d');
  });
  test('WordPress $wpdb->prefix concatenated', () => {
    const f = readSql(php(`"SELECT * FROM " . $wpdb->prefix . "woocommerce_order_items WHERE order_id = %d"`));
    expect(f).toMatchObject({ kind: 'select', tables: ['woocommerce_order_items'] });
  });
  test('TypeScript ${prefix}', () => {
    expect(readParsed(ts('SELECT * FROM ${prefix}orders WHERE id = $1'), { dialect: 'postgresql' })).toMatchObject({ kind: 'select', tables: ['orders'], parsedAs: 'postgresql' });
  });
  test('Joomla #__ and Drupal {table}', () => {
    expect(readSql('SELECT * FROM #__users WHERE id = 1')).toMatchObject({ tables: ['users'], normalized: 'SELECT * FROM users WHERE id = 1' });
    expect(readSql('UPDATE `#__content` SET hits = hits + 1 WHERE id = ?')).toMatchObject({ writeTables: ['content'], relativeSets: [{ column: 'hits', op: '+' }] });
    expect(readSql('SELECT nid FROM {node} WHERE type = :type')).toMatchObject({ tables: ['node'], whereColumns: ['type'] });
    expect(readSql('SELECT * FROM "#__users" WHERE "id" = 1', { dialect: 'postgresql' })).toMatchObject({ tables: ['users'], whereColumns: ['id'] });
    expect(readSql(ts('SELECT * FROM "${prefix}users" WHERE "id" = 1'), { dialect: 'postgresql' }).tables).toEqual(['users']);
  });
  test('a prefix followed by a table variable: the variable names the table', () => {
    expect(readSql(php(`"SELECT * FROM " . DB_PREFIX . $table . " WHERE id = 1"`)).tables).toEqual(['$table']);
  });
  test('a hole inside a name keeps its place', () => {
    expect(readSql(php(`"SELECT * FROM wp_" . $blog_id . "_posts WHERE ID = 1"`)).tables).toEqual(['wp_$blog_id_posts']);
  });
  test('a hole as schema', () => {
    expect(readSql(php(`"SELECT * FROM " . DB_NAME . ".orders WHERE id = 1"`)).tables).toEqual(['orders']);
  });
});

describe('holes written inline in a plain string (a caller passing unresolved source text)', () => {
  test('prefix, table and value holes', () => {
    expect(readSql('SELECT * FROM {$wpdb->prefix}posts WHERE ID = %d').tables).toEqual(['posts']);
    expect(readSql('SELECT * FROM ${prefix}orders WHERE id = ?').tables).toEqual(['orders']);
    expect(readSql('UPDATE $table SET n = n + 1 WHERE id = $id')).toMatchObject({ writeTables: ['$table'], whereColumns: ['id'], relativeSets: [{ column: 'n', op: '+' }] });
    expect(readSql('DELETE FROM {$this->table} WHERE id = {$id}').writeTables).toEqual(['$this->table']);
  });
});

describe('holes where a table name goes: the hole names the table', () => {
  test('the same variable in several forms gives the same table', () => {
    const read = readSql(php(`"SELECT counter FROM " . $table . " WHERE user_id = ?"`));
    const write = readSql(php(`"UPDATE {$table} SET counter = counter + 1 WHERE user_id = ?"`));
    const del = readSql(php(`"DELETE FROM $table WHERE user_id = ?"`));
    expect(read.tables).toEqual(['$table']);
    expect(write.writeTables).toEqual(['$table']);
    expect(del.writeTables).toEqual(['$table']);
    expect(read.normalized).toBe('SELECT counter FROM $table WHERE user_id = ?');
  });
  test('$this->table and self::TABLE', () => {
    expect(readSql(php(`"DELETE FROM " . $this->table . " WHERE id = ?"`)).writeTables).toEqual(['$this->table']);
    expect(readSql(php(`"SELECT * FROM " . self::TABLE . " WHERE id = ?"`)).tables).toEqual(['self::table']);
  });
  test('WordPress table properties name the table', () => {
    expect(readSql(php(`"SELECT meta_value FROM $wpdb->postmeta WHERE post_id = %d AND meta_key = %s"`))).toMatchObject({ tables: ['postmeta'], whereColumns: ['post_id', 'meta_key'] });
    expect(readSql(php(`"SELECT ID FROM {$wpdb->posts} WHERE post_status = 'publish'"`)).tables).toEqual(['posts']);
  });
  test('TypeScript ${table}', () => {
    const f = readSql(ts('UPDATE ${table} SET qty = qty - $1 WHERE id = $2'), { dialect: 'postgresql' });
    expect(f).toMatchObject({ kind: 'update', writeTables: ['table'], relativeSets: [{ column: 'qty', op: '-' }] });
    expect(readSql(ts('SELECT * FROM ${this.tableName} WHERE id = ?')).tables).toEqual(['this.tablename']);
  });
  test('wpdb %i and mysql2 ?? identifier placeholders', () => {
    expect(readSql('SELECT * FROM %i WHERE id = %d').tables).toEqual(['%i']);
    expect(readSql('SELECT * FROM ?? WHERE ?? = ?')).toMatchObject({ tables: ['??'], whereColumns: ['??'] });
  });
  test('a hole in a JOIN and after a comma', () => {
    expect(readSql(php(`"SELECT * FROM orders o JOIN " . $items . " i ON i.order_id = o.id WHERE o.id = 1"`)).tables).toEqual(['orders', '$items']);
    expect(readSql(php(`"SELECT * FROM " . $a . " a, " . $b . " b WHERE a.id = b.a_id"`)).tables).toEqual(['$a', '$b']);
  });
});

describe('holes in value position become placeholders', () => {
  test('TypeScript values', () => {
    const f = readParsed(ts("SELECT * FROM orders WHERE id = ${id} AND status = '${status}'"));
    expect(f).toMatchObject({ kind: 'select', whereColumns: ['id', 'status'], confidence: 'parsed' });
    expect(f.normalized).toBe("SELECT * FROM orders WHERE id = ? AND status = '?'");
  });
  test('an IN list from implode()', () => {
    const f = readParsed(php(`"DELETE FROM " . DB_PREFIX . "cart WHERE cart_id IN (" . implode(',', $ids) . ")"`));
    expect(f).toMatchObject({ kind: 'delete', writeTables: ['cart'], conditional: false, confidence: 'parsed' });
    expect(f.normalized).toBe('DELETE FROM cart WHERE cart_id IN (?)');
  });
  test('LIMIT and relative amounts', () => {
    expect(readParsed(php(`"UPDATE wallets SET balance = balance - " . $amount . " WHERE id = " . $id . " AND balance >= " . $amount`))).toMatchObject({
      conditional: true,
      relativeSets: [{ column: 'balance', op: '-' }],
      confidence: 'parsed',
    });
    expect(readParsed(php(`"SELECT * FROM products LIMIT " . $start . ", " . $limit`))).toMatchObject({ kind: 'select', confidence: 'parsed' });
  });
  test('a double-quoted MySQL string with an interpolation is a value, not a column', () => {
    expect(readSql(php(`'UPDATE users SET name = "' . $name . '" WHERE id = "' . $id . '"'`))).toMatchObject({ kind: 'update', whereColumns: ['id'], conditional: false });
  });
  test('a hole naming a column before a comparison', () => {
    expect(readSql(php(`"UPDATE " . DB_PREFIX . "setting SET " . $field . " = '1' WHERE store_id = 0"`))).toMatchObject({ setColumns: ['$field'] });
    expect(readSql(php(`"UPDATE items SET qty = 0 WHERE {$this->primaryKey} = ?"`))).toMatchObject({ whereColumns: ['$this->primarykey'], conditional: false });
  });
  test('a hole that is the whole WHERE: nothing is known about it, so the write is not conditional', () => {
    expect(readSql(php(`"UPDATE t SET a = 1 WHERE " . $where`))).toMatchObject({ kind: 'update', whereColumns: [], conditional: false });
  });
});

describe('the offset map from stand-in text to source', () => {
  test('plain text: placeholders map to themselves, other characters one to one', () => {
    const sql = 'SELECT * FROM t WHERE id = ? AND x = 1';
    const p = prepareSql(sql);
    expect(p.text).toBe('SELECT * FROM t WHERE id = :tocscan_v0 AND x = 1');
    const standIn = p.text.indexOf(':tocscan_v0');
    expect(sourceOffsetAt(p, p.text.indexOf('WHERE'))).toBe(sql.indexOf('WHERE'));
    expect(sourceOffsetAt(p, standIn)).toBe(sql.indexOf('?'));
    expect(sourceOffsetAt(p, standIn + 4)).toBe(sql.indexOf('?'));
    expect(sourceOffsetAt(p, standIn + 4, 'left')).toBe(sql.indexOf('?') + 1);
    expect(sourceOffsetAt(p, p.text.indexOf(' AND'))).toBe(sql.indexOf(' AND'));
    expect(sourceOffsetAt(p, p.text.length)).toBe(sql.length);
    expect(sourceOffsetAt(p, 0, 'left')).toBe(0);
  });
  test('every verbatim character of pieces maps onto the same character in source', () => {
    const src = `"SELECT quantity FROM " . DB_PREFIX . "product WHERE product_id = '" . (int)$product_id . "' AND status = 1"`;
    const p = prepareSql(php(src));
    let checked = 0;
    for (const seg of p.segments.filter((s) => s.verbatim)) {
      for (let k = seg.outStart; k < seg.outEnd; k++) {
        expect(src[sourceOffsetAt(p, k)]).toBe(p.text[k]);
        checked++;
      }
    }
    // 65 literal characters, less `product` (glued to the prefix hole) and the two quotes around `(int)$product_id`
    expect(checked).toBe(65 - 7 - 2);
  });
  test('a prefixed table maps to the prefix hole (right) and to the end of the name (left)', () => {
    const src = `"SELECT * FROM " . DB_PREFIX . "product WHERE product_id = 1"`;
    const p = prepareSql(php(src));
    expect(p.text).toBe('SELECT * FROM tocscan_h0 WHERE product_id = 1');
    const at = p.text.indexOf('tocscan_h0');
    expect(sourceOffsetAt(p, at)).toBe(src.indexOf('DB_PREFIX'));
    expect(sourceOffsetAt(p, at + 'tocscan_h0'.length, 'left')).toBe(src.indexOf('product') + 'product'.length);
    expect(p.idents).toEqual(['product']);
  });
  test('a fixer inserts FOR UPDATE after the statement, past a trailing value hole', () => {
    const src = `"SELECT quantity FROM " . DB_PREFIX . "product WHERE product_id = '" . (int)$product_id . "'"`;
    const at = statementEndOffset(php(src));
    expect(src.slice(0, at) + ' FOR UPDATE' + src.slice(at)).toBe(
      `"SELECT quantity FROM " . DB_PREFIX . "product WHERE product_id = '" . (int)$product_id . "' FOR UPDATE"`,
    );
  });
  test('statementEndOffset stops before a trailing semicolon, comment and whitespace', () => {
    const sql = 'SELECT qty FROM products WHERE id = ? ; -- done\n';
    expect(statementEndOffset(sql)).toBe(sql.indexOf(' ;'));
    const tpl = 'SELECT * FROM t WHERE id = ${id}';
    expect(statementEndOffset(ts(tpl))).toBe(tpl.length);
  });
  test('statementEndOffset picks the statement readSql describes', () => {
    const sql = 'BEGIN; SELECT * FROM seats WHERE id = 3; COMMIT';
    expect(statementEndOffset(sql)).toBe(sql.indexOf('; COMMIT'));
    expect(statementEndOffset('  -- nothing\n')).toBe(-1);
  });
});
