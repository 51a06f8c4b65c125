/**
 * Rewrites of SQL text where it stands in source: ` FOR UPDATE` after a SELECT, an extra predicate
 * at the end of a WHERE, an upsert clause on an INSERT. Each edit lands inside a string literal (or
 * template, heredoc) next to a token that stands verbatim in source; anything else is refused.
 */
import type { Dialect, FileModel, QueryEvent } from '../model.js';
import type { FixHost, GuardValue, PlaceholderStyle } from './host.js';
import { isKeyword, isOperator, placeholders, statementView, topLevelKeyword, type StatementView } from './sql-view.js';
import type { FixEdit, Refusal } from './types.js';

/** What SQL edits need: the host (the code around the SQL) and the file's model (who else runs a literal). */
export interface SqlEditor {
  host: FixHost;
  file: FileModel;
}

/** Another statement of the file runs SQL from the literal spanning `[start, end)` (a shared constant or prepared statement). */
function sharedLiteral(file: FileModel, q: QueryEvent, start: number, end: number): boolean {
  return file.units.some((u) =>
    u.events.some((e) => e.type === 'query' && e !== q && e.pieces.some((p) => p.kind === 'text' && p.offset > start && p.offset < end)),
  );
}

/** Text to insert into SQL: plain SQL, or an expression a template literal interpolates. */
type Segment = string | { interpolate: string };

/** Inserts `segments` into the literal right after token `index` of `q`'s statement. */
function insertAfter(ed: SqlEditor, q: QueryEvent, view: StatementView, index: number, segments: Segment | readonly Segment[]): FixEdit | Refusal {
  const t = view.tokens[index];
  if (!t) return { refused: 'the statement is empty' };
  const at = t.srcEnd;
  const literal = ed.host.literalAt(at);
  if (literal && sharedLiteral(ed.file, q, literal.start, literal.end)) return { refused: 'the SQL text is shared with other statements' };
  const parts = (Array.isArray(segments) ? segments : [segments]) as readonly Segment[];
  const written = literal && (t.verbatim || t.token.type === 'hole') ? parts.map((p) => (typeof p === 'string' ? literal.escape(p) : literal.interpolate(p.interpolate))) : [undefined];
  if (written.some((w) => w === undefined)) {
    return { refused: 'the SQL does not end inside a string literal that can be edited (built from pieces, or with escapes)' };
  }
  return { offset: at, endOffset: at, text: written.join('') };
}

const AGGREGATES = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'ARRAY_AGG', 'STRING_AGG', 'GROUP_CONCAT', 'BOOL_AND', 'BOOL_OR']);

/**
 * ` FOR UPDATE` at the end of the SELECT (after ORDER BY / LIMIT, before a trailing `;`). PostgreSQL
 * refuses FOR UPDATE with aggregates, GROUP BY, DISTINCT, set operations and on the nullable side of
 * an outer join: those are refused here. SQLite has no locking reads.
 */
export function lockingEdit(ed: SqlEditor, read: QueryEvent, dialect: Dialect): FixEdit | Refusal {
  if (dialect === 'sqlite') return { refused: 'SQLite has no SELECT … FOR UPDATE' };
  const view = statementView(read.pieces, ed.host.text);
  if (!view || read.sql.kind !== 'select') return { refused: 'the read is not a plain SELECT' };
  if (topLevelKeyword(view, ['UNION', 'INTERSECT', 'EXCEPT']) >= 0) return { refused: 'FOR UPDATE cannot lock the rows of a UNION' };
  if (dialect === 'postgresql') {
    const blocked = view.tokens.findIndex((t, i) => {
      if (isKeyword(t, 'GROUP', 'DISTINCT', 'HAVING', 'JOIN', 'WINDOW', 'OVER')) return true;
      return t.token.type === 'word' && AGGREGATES.has(t.token.upper) && isOperator(view.tokens[i + 1], '(');
    });
    if (blocked >= 0) return { refused: `PostgreSQL does not allow FOR UPDATE with ${view.tokens[blocked].token.text.toUpperCase()}` };
  }
  return insertAfter(ed, read, view, view.tokens.length - 1, ' FOR UPDATE');
}

/** The placeholder style a statement uses (`none` when it has no placeholders: values are in the text). */
export function placeholderStyle(q: QueryEvent, source: string): PlaceholderStyle {
  const view = statementView(q.pieces, source);
  const ps = view ? placeholders(view) : [];
  if (ps.some((p) => /^\$\d+$/.test(p.text))) return 'dollar';
  if (ps.some((p) => p.text === '?')) return 'question';
  if (ps.some((p) => /^:\w+$/.test(p.text))) return 'named';
  return 'none';
}

/** The position after the WHERE clause's last token, where an `AND …` predicate goes, and what stands after it. */
interface WhereEnd {
  view: StatementView;
  /** Index of the WHERE clause's last token. */
  last: number;
}

function whereEnd(q: QueryEvent, source: string): WhereEnd | Refusal {
  const view = statementView(q.pieces, source);
  if (!view) return { refused: 'the write is not a data statement' };
  const where = topLevelKeyword(view, ['WHERE']);
  if (where < 0) return { refused: 'the write has no WHERE clause' };
  const after = topLevelKeyword(view, ['ORDER', 'LIMIT', 'RETURNING', 'FOR'], where + 1);
  const end = after >= 0 ? after : view.tokens.length;
  if (topLevelKeyword(view, ['OR'], where + 1, end) >= 0) return { refused: 'the WHERE clause has an OR at its top level' };
  if (end - 1 <= where) return { refused: 'the WHERE clause is empty' };
  return { view, last: end - 1 };
}

/** A predicate to add to a write's WHERE; `value` is bound as a parameter unless it is a literal. */
export interface Predicate {
  column: string;
  op: string;
  value?: GuardValue;
}

/** The number a new `$n` placeholder gets: one more than the highest in the statement. */
function nextDollar(view: StatementView): number {
  return Math.max(0, ...placeholders(view).map((p) => (/^\$(\d+)$/.test(p.text) ? Number(p.text.slice(1)) : 0))) + 1;
}

/**
 * ` AND col >= ?` (etc.) appended to the write's WHERE, with the values bound as new parameters.
 * Positional `?` placeholders after the WHERE would need the new value in the middle of the argument
 * list: refused. Returns the edits (SQL and argument list) and the SQL text added.
 */
export function conditionalEdits(ed: SqlEditor, write: QueryEvent, predicates: readonly Predicate[]): { edits: FixEdit[]; sql: string } | Refusal {
  const { host } = ed;
  const end = whereEnd(write, host.text);
  if ('refused' in end) return end;
  const style = placeholderStyle(write, host.text);
  const existing = placeholders(end.view);
  if (style === 'question' && existing.some((p) => p.index > end.last)) return { refused: 'a positional placeholder follows the WHERE clause' };
  const edits: FixEdit[] = [];
  const segments: Segment[] = [];
  const shown: string[] = [];
  let dollar = nextDollar(end.view);
  let bound = existing.length;
  const site = host.literalAt(end.view.tokens[end.last].srcEnd);
  for (const p of predicates) {
    const head = ` AND ${p.column} ${p.op}`;
    if (!p.value) {
      segments.push(head);
      shown.push(head);
      continue;
    }
    const literal =
      p.value.kind === 'number' ? p.value.text
      : p.value.kind === 'string' ? `'${p.value.value.replace(/'/g, "''")}'`
      : p.value.kind === 'column' ? p.value.column
      : undefined;
    // A string literal that would need escapes in the host's quotes is bound as a parameter instead.
    const bindLiteral = p.value.kind === 'string' && site?.escape(literal!) !== literal && (style === 'dollar' || style === 'question');
    if (literal !== undefined && !bindLiteral) {
      segments.push(`${head} ${literal}`);
      shown.push(`${head} ${literal}`);
      continue;
    }
    const source = p.value.kind === 'string' || p.value.kind === 'expr' ? p.value.source : undefined;
    if (source === undefined) return { refused: 'a compared value cannot be written in SQL' };
    const added = host.addParam(write, source);
    if ('refused' in added) return added;
    if ('interpolate' in added) {
      segments.push(`${head} `, { interpolate: added.interpolate });
      shown.push(`${head} \${${added.interpolate}}`);
      continue;
    }
    if (style === 'none' || style === 'named') return { refused: 'the write has no positional placeholders to bind the compared value to' };
    bound++;
    if (style === 'dollar' ? added.position !== dollar : added.position !== bound) return { refused: 'the values bound to the write do not match its placeholders' };
    const placeholder = style === 'dollar' ? `$${dollar++}` : '?';
    edits.push(...added.edits);
    segments.push(`${head} ${placeholder}`);
    shown.push(`${head} ${placeholder}`);
  }
  const at = insertAfter(ed, write, end.view, end.last, segments);
  if ('refused' in at) return at;
  return { edits: [at, ...edits], sql: shown.join('').trim() };
}

/** The INSERT's target table as written, its column list, and where its clauses stand. */
interface InsertShape {
  view: StatementView;
  /** Index of the INSERT keyword. */
  head: number;
  table: string;
  /** The table name is glued to a prefix from code (`" . DB_PREFIX . "cart`, `{$wpdb->prefix}…`). */
  prefixed: boolean;
  columns: string[];
  /** Index of a top-level RETURNING, -1 when absent. */
  returning: number;
}

function insertShape(q: QueryEvent, source: string): InsertShape | Refusal {
  const view = statementView(q.pieces, source);
  if (!view || q.sql.kind !== 'insert') return { refused: 'the write is not a plain INSERT' };
  const head = view.tokens.findIndex((t) => isKeyword(t, 'INSERT'));
  const into = topLevelKeyword(view, ['INTO'], head + 1);
  const tableTok = view.tokens[into + 1];
  if (head < 0 || into < 0 || !tableTok || tableTok.token.type === 'hole') return { refused: 'the INSERT does not name its table' };
  if (topLevelKeyword(view, ['SELECT'], into) >= 0) return { refused: 'INSERT … SELECT is not rewritten' };
  const values = topLevelKeyword(view, ['VALUES', 'VALUE'], into);
  if (values >= 0) {
    const open = values + 1;
    const close = view.parens[open] ?? -1;
    if (!isOperator(view.tokens[open], '(') || isOperator(view.tokens[close + 1], ',')) return { refused: 'the INSERT adds several rows' };
  }
  const prefixed = !!tableTok.token.parts || !!tableTok.token.prefixed;
  return { view, head, table: tableTok.token.text, prefixed, columns: q.sql.setColumns, returning: topLevelKeyword(view, ['RETURNING'], into) };
}

const RESERVED = new Set([
  'all', 'and', 'any', 'array', 'as', 'asc', 'case', 'cast', 'check', 'column', 'condition', 'constraint', 'default', 'desc', 'do', 'else',
  'end', 'for', 'from', 'grant', 'group', 'in', 'index', 'interval', 'into', 'is', 'key', 'keys', 'limit', 'lock', 'not', 'null', 'offset',
  'on', 'only', 'option', 'or', 'order', 'primary', 'range', 'rank', 'read', 'references', 'select', 'some', 'table', 'then', 'to', 'unique',
  'user', 'when', 'where', 'with', 'write',
]);

/** A column name as SQL needs it: quoted (backticks in MySQL, double quotes elsewhere) when it is a reserved word. */
export function quoteIdent(name: string, dialect: Dialect): string {
  if (/^[a-z_][a-z0-9_]*$/i.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** Name of the unique constraint the upsert relies on, and the DDL that adds it. */
export function uniqueConstraintDdl(table: string, columns: readonly string[], dialect: Dialect): { name: string; ddl: string } {
  const bare = table.replace(/^.*\./, '').replace(/[`"[\]]/g, '');
  const list = columns.map((c) => quoteIdent(c, dialect)).join(', ');
  switch (dialect) {
    case 'postgresql': {
      const name = `${bare}_${columns.join('_')}_key`;
      return { name, ddl: `ALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE (${list});` };
    }
    case 'mysql': {
      const name = `uq_${bare}_${columns.join('_')}`;
      return { name, ddl: `ALTER TABLE ${table} ADD UNIQUE KEY ${name} (${list});` };
    }
    case 'sqlite': {
      const name = `${bare}_${columns.join('_')}_unique`;
      return { name, ddl: `CREATE UNIQUE INDEX ${name} ON ${table} (${list});` };
    }
  }
}

export interface UpsertEdits {
  edits: FixEdit[];
  /** The upsert written, for the message: `ON CONFLICT (email) DO NOTHING`, `INSERT IGNORE`. */
  form: string;
  /** The INSERT now returns rows (`RETURNING`): an affected-row check tests those. */
  returning: boolean;
  /** The table name carries a prefix from code: the DDL needs it too. */
  prefixed: boolean;
}

/**
 * Turns the INSERT into an upsert on `keys`: with `increment`, the duplicate row's `column` grows by the
 * inserted value (`ON DUPLICATE KEY UPDATE col = col + VALUES(col)` / `ON CONFLICT (…) DO UPDATE SET
 * col = t.col + EXCLUDED.col`); without, the duplicate is skipped (`INSERT IGNORE` / `ON CONFLICT (…) DO NOTHING`).
 */
export function upsertEdits(ed: SqlEditor, insert: QueryEvent, dialect: Dialect, keys: readonly string[], increment?: string): UpsertEdits | Refusal {
  const shape = insertShape(insert, ed.host.text);
  if ('refused' in shape) return shape;
  const missing = keys.filter((k) => !shape.columns.includes(k));
  if (missing.length) return { refused: `the INSERT does not set ${missing.join(', ')}` };
  if (increment !== undefined && !shape.columns.includes(increment)) return { refused: `the INSERT does not set ${increment}` };
  const returning = shape.returning >= 0;
  const { prefixed } = shape;
  const q = (c: string) => quoteIdent(c, dialect);
  if (dialect === 'mysql') {
    if (increment !== undefined) {
      const col = q(increment);
      const clause = ` ON DUPLICATE KEY UPDATE ${col} = ${col} + VALUES(${col})`;
      const edit = insertAfter(ed, insert, shape.view, shape.view.tokens.length - 1, clause);
      return 'refused' in edit ? edit : { edits: [edit], form: clause.trim(), returning, prefixed };
    }
    const edit = insertAfter(ed, insert, shape.view, shape.head, ' IGNORE');
    return 'refused' in edit ? edit : { edits: [edit], form: 'INSERT IGNORE', returning, prefixed };
  }
  if (shape.columns.length === 0) return { refused: 'the INSERT has no column list' };
  if (increment !== undefined && prefixed && dialect === 'postgresql') return { refused: 'the table name is built in code, so DO UPDATE cannot name it' };
  const target = `ON CONFLICT (${keys.map(q).join(', ')})`;
  const col = increment !== undefined ? q(increment) : '';
  const action =
    increment === undefined ? 'DO NOTHING' : dialect === 'sqlite' ? `DO UPDATE SET ${col} = ${col} + excluded.${col}` : `DO UPDATE SET ${col} = ${shape.table}.${col} + EXCLUDED.${col}`;
  const clause = ` ${target} ${action}`;
  const at = returning ? shape.returning - 1 : shape.view.tokens.length - 1;
  const edit = insertAfter(ed, insert, shape.view, at, clause);
  return 'refused' in edit ? edit : { edits: [edit], form: clause.trim(), returning, prefixed };
}

/** Columns compared with `=` in the read's WHERE, when that is all its WHERE does (`a = ? AND b = ?`); else undefined. */
export function equalityKeys(read: QueryEvent, source: string): string[] | undefined {
  const view = statementView(read.pieces, source);
  if (!view) return undefined;
  const where = topLevelKeyword(view, ['WHERE']);
  if (where < 0) return undefined;
  const endAt = topLevelKeyword(view, ['ORDER', 'LIMIT', 'GROUP', 'FOR', 'LOCK', 'HAVING'], where + 1);
  const ts = view.tokens.slice(where + 1, endAt >= 0 ? endAt : view.tokens.length);
  const keys: string[] = [];
  for (let i = 0; i < ts.length; ) {
    const col = ts[i];
    const name = col?.token.type === 'word' && !col.token.parts ? col.token.text : col?.token.type === 'quoted' ? col.token.value : undefined;
    if (name === undefined || !isOperator(ts[i + 1], '=')) return undefined;
    const value = ts[i + 2];
    if (!value || !['param', 'hole', 'string', 'number'].includes(value.token.type)) return undefined;
    keys.push(name.replace(/^.*\./, '').toLowerCase());
    i += 3;
    if (i < ts.length && !isKeyword(ts[i], 'AND')) return undefined;
    i++;
  }
  return keys.length ? keys : undefined;
}

export interface SelectedColumns {
  /** `*` is selected: any name a row exposes is a column. */
  all: boolean;
  /** Plain columns by the name a row exposes them under (lower-cased): `qty`, an alias. */
  byName: Map<string, string>;
  /** Aliases of `COUNT(…)` items. */
  counts: Set<string>;
}

/** The SELECT list of a single-table read; undefined for joins, unions and reads that are no SELECT. */
export function selectedColumns(read: QueryEvent, source: string): SelectedColumns | undefined {
  const view = statementView(read.pieces, source);
  if (!view || !isKeyword(view.tokens[0], 'SELECT')) return undefined;
  const from = topLevelKeyword(view, ['FROM']);
  if (from < 0) return undefined;
  if (topLevelKeyword(view, ['JOIN'], from) >= 0 || topLevelKeyword(view, ['UNION'], from) >= 0) return undefined;
  const fromEnd = topLevelKeyword(view, ['WHERE', 'ORDER', 'LIMIT', 'GROUP', 'FOR'], from + 1);
  if (view.tokens.slice(from + 1, fromEnd >= 0 ? fromEnd : undefined).some((t) => isOperator(t, ','))) return undefined;
  const byName = new Map<string, string>();
  const counts = new Set<string>();
  let all = false;
  let item: StatementView['tokens'] = [];
  const flush = () => {
    const words = item.map((t) => (t.token.type === 'quoted' ? (t.token.value ?? '') : t.token.text));
    if (words.length === 1 && words[0] === '*') all = true;
    else if (words.length === 3 && words[1] === '.' && words[2] === '*') all = true;
    else {
      const plain = words.length === 1 ? words[0] : words.length === 3 && words[1] === '.' ? words[2] : undefined;
      const aliased = words.length >= 3 && /^as$/i.test(words[words.length - 2]) ? words[words.length - 1] : undefined;
      const column = plain ?? (aliased && (words.length === 3 || (words.length === 5 && words[1] === '.')) ? words[words.length === 3 ? 0 : 2] : undefined);
      if (column && /^\w+$/.test(column)) byName.set((aliased ?? column).toLowerCase(), column.toLowerCase());
      else if (aliased && /^count$/i.test(words[0])) counts.add(aliased.toLowerCase());
    }
    item = [];
  };
  for (let i = 1; i < from; i++) {
    const t = view.tokens[i];
    if (isOperator(t, '(')) {
      item.push(...view.tokens.slice(i, view.parens[i] + 1));
      i = view.parens[i];
      continue;
    }
    if (isOperator(t, ',')) flush();
    else item.push(t);
  }
  flush();
  return { all, byName, counts };
}

type Items = StatementView['tokens'][];

/** Tokens from `from` to `to` (exclusive) split at top-level commas. */
function splitItems(view: StatementView, from: number, to: number): Items {
  const items: Items = [[]];
  for (let i = from; i < to; i++) {
    const t = view.tokens[i];
    if (isOperator(t, '(')) {
      items[items.length - 1].push(...view.tokens.slice(i, view.parens[i] + 1));
      i = view.parens[i];
    } else if (isOperator(t, ',')) items.push([]);
    else items[items.length - 1].push(t);
  }
  return items;
}

/** `( … )` around a single item are dropped: `(quantity + ?)` → `quantity + ?`. */
function unparen(item: Items[number]): Items[number] {
  return item.length >= 2 && isOperator(item[0], '(') && isOperator(item[item.length - 1], ')') ? item.slice(1, -1) : item;
}

/**
 * Source of the value one token of `q` stands for: a number's text, a bound parameter's argument
 * expression, a hole's expression (also inside quotes: `'" . (int)$qty . "'`).
 */
function valueSource(host: FixHost, q: QueryEvent, view: StatementView, token: StatementView['tokens'][number]): string | undefined {
  const t = token.token;
  if (t.type === 'number') return t.text;
  if (t.type === 'param') {
    const n = placeholders(view).findIndex((p) => view.tokens[p.index] === token);
    return n < 0 ? undefined : host.paramSource(q, t.text, n);
  }
  const holes = q.pieces.filter((p) => p.kind === 'hole' && p.offset >= token.srcStart && p.endOffset <= token.srcEnd);
  if (holes.length !== 1 || holes[0].kind !== 'hole') return undefined;
  if (t.type === 'hole' || (t.type === 'string' && /^'\uE000'$/.test(t.text))) return holes[0].source;
  return undefined;
}

const normalize = (s: string | undefined) => s?.replace(/\s+/g, '');

/** The value an INSERT gives `column` (VALUES list or MySQL's `SET col = …` form), as source. */
export function insertedValueSource(host: FixHost, insert: QueryEvent, column: string): string | undefined {
  const view = statementView(insert.pieces, host.text);
  if (!view) return undefined;
  const into = topLevelKeyword(view, ['INTO']);
  const set = topLevelKeyword(view, ['SET'], into + 1);
  const values = topLevelKeyword(view, ['VALUES', 'VALUE'], into + 1);
  const end = topLevelKeyword(view, ['ON', 'RETURNING'], into + 1);
  const stop = end >= 0 ? end : view.tokens.length;
  if (set >= 0 && values < 0) {
    for (const item of splitItems(view, set + 1, stop)) {
      if (item.length === 3 && item[0].token.text.toLowerCase() === column && isOperator(item[1], '=')) return valueSource(host, insert, view, item[2]);
    }
    return undefined;
  }
  let open = into + 1;
  while (open < values && !isOperator(view.tokens[open], '(')) open++;
  if (values < 0 || open >= values) return undefined;
  const columns = splitItems(view, open + 1, view.parens[open]).map((c) => (c.length === 1 ? c[0].token.text.replace(/[`"]/g, '').toLowerCase() : ''));
  const at = columns.indexOf(column);
  const rows = splitItems(view, values + 2, view.parens[values + 1]);
  const item = at >= 0 ? rows[at] : undefined;
  return item?.length === 1 ? valueSource(host, insert, view, item[0]) : undefined;
}

/** For `UPDATE … SET col = col + x` (only that column): `x` as source. */
export function incrementSource(host: FixHost, update: QueryEvent, column: string): string | undefined {
  const view = statementView(update.pieces, host.text);
  if (!view) return undefined;
  const set = topLevelKeyword(view, ['SET']);
  const where = topLevelKeyword(view, ['WHERE'], set + 1);
  if (set < 0) return undefined;
  const items = splitItems(view, set + 1, where >= 0 ? where : view.tokens.length);
  if (items.length !== 1) return undefined;
  const [target, eq, ...rest] = items[0];
  const expr = unparen(rest);
  if (target?.token.text.toLowerCase() !== column || !isOperator(eq, '=') || expr.length !== 3) return undefined;
  if (expr[0].token.text.toLowerCase() !== column || !isOperator(expr[1], '+')) return undefined;
  return valueSource(host, update, view, expr[2]);
}

/** Both sources stand for the same value. */
export function sameValue(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalize(a) === normalize(b);
}

/** Sources of the values the SET clause of an UPDATE binds or interpolates (to tell a write computed from the read). */
export function setValueSources(host: FixHost, update: QueryEvent): string[] | undefined {
  const view = statementView(update.pieces, host.text);
  if (!view) return undefined;
  const set = topLevelKeyword(view, ['SET']);
  if (set < 0) return update.sql.kind === 'delete' ? [] : undefined;
  const where = topLevelKeyword(view, ['WHERE'], set + 1);
  const out: string[] = [];
  for (const t of view.tokens.slice(set + 1, where >= 0 ? where : view.tokens.length)) {
    if (t.token.type !== 'param' && t.token.type !== 'hole' && !t.token.text.includes('\uE000')) continue;
    const source = valueSource(host, update, view, t);
    if (source === undefined) return undefined;
    out.push(source);
  }
  return out;
}
