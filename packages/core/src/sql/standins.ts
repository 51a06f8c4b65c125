/**
 * Pieces of SQL as assembled from source → a token stream whose placeholders and holes have stand-ins
 * that node-sql-parser accepts in every dialect, plus a map from stand-in text back to source offsets.
 *
 * Stand-ins:
 * - a value (placeholder `?` `$1` `:name` `%d` `@p`, or a hole in value position) → `:tocscan_vN`
 *   (named parameters parse in MySQL, PostgreSQL and SQLite, also in LIMIT);
 * - an identifier made with a hole (table prefix `{$wpdb->prefix}posts`, `" . DB_PREFIX . "product`,
 *   Joomla `#__users`, Drupal `{users}`, a hole where a table name goes `FROM $table`, `%i`, `??`)
 *   → `tocscan_hN`, with `idents[N]` the name the facts use: the rest after a prefix (`product`), else
 *   the hole's source lower-cased without `${ }` / `{ }` (`$table`), so statements on the same
 *   variable still match. `$wpdb->posts` (WordPress table properties) names the table `posts`;
 * - a hole inside a string literal disappears from the literal (`'%{$q}%'` → `'%%'`).
 *
 * Text pieces are assumed to map character for character onto source from their `offset`.
 */
import type { SqlPiece } from '../model.js';
import { HOLE, tokenize, type Token } from './lexer.js';

export type TokenRole = 'plain' | 'ident' | 'value';

export interface SqlToken extends Token {
  role: TokenRole;
  /** Text handed to the parser for this token (dialect-neutral; see `renderToken`). */
  standIn: string;
  /** For role 'ident': the identifier name the facts use (lower-cased, prefix removed). */
  name?: string;
  /** Text used in `normalized`. */
  display: string;
  /** Offsets of `standIn` in `PreparedSql.text`. */
  outStart: number;
  outEnd: number;
}

export interface Segment {
  outStart: number;
  outEnd: number;
  srcStart: number;
  srcEnd: number;
  /** Characters map one to one; otherwise the whole segment stands for the source span. */
  verbatim: boolean;
}

export interface PreparedSql {
  /** The stand-in text of the whole input: comments and spacing kept, holes and placeholders replaced. */
  text: string;
  tokens: SqlToken[];
  /** `tocscan_hN` → identifier name. */
  idents: string[];
  segments: Segment[];
}

interface Run {
  rawStart: number;
  rawEnd: number;
  srcStart: number;
  srcEnd: number;
  hole: boolean;
}

const IDENT_STANDIN = 'tocscan_h';
const VALUE_STANDIN = ':tocscan_v';

/** Keywords after which a hole or placeholder stands for a table name. */
const TABLE_INTRO = new Set(['FROM', 'JOIN', 'UPDATE', 'INTO', 'TABLE', 'TABLES', 'USING', 'STRAIGHT_JOIN', 'TRUNCATE', 'ONLY', 'IGNORE', 'LOW_PRIORITY', 'QUICK', 'DELAYED']);
/** Keywords that end a table list. */
const TABLE_OUTRO = new Set(['WHERE', 'SET', 'ON', 'VALUES', 'VALUE', 'SELECT', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'RETURNING', 'WINDOW', 'UNION', 'FOR', 'LOCK', 'DUPLICATE', 'CONFLICT', 'DEFAULT', 'READ', 'WRITE', 'IN']);

/** A hole before a comparison, after one of these (or `,`/`(`), names a column: `SET " . $field . " = 1`, `WHERE {$pk} = ?`. */
const COLUMN_INTRO = new Set(['SET', 'WHERE', 'AND', 'OR', 'ON', 'HAVING', 'WHEN']);
const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>']);

/** The name a hole's source gives a table: `{$this->table}` → `$this->table`, `${t}` → `t`, `$wpdb->posts` → `posts`. */
function holeName(source: string): string {
  let s = source.trim();
  if (/^\$\{[\s\S]*\}$/.test(s)) s = s.slice(2, -1).trim();
  else if (/^\{\$[\s\S]*\}$/.test(s)) s = s.slice(1, -1).trim();
  const wp = /^\$wpdb\s*->\s*(\w+)$/.exec(s);
  if (wp && wp[1] !== 'prefix' && wp[1] !== 'base_prefix') return wp[1].toLowerCase();
  return s.toLowerCase();
}

/** Builds raw text (holes as sentinels) and the runs that map it to source. */
function rawFrom(pieces: readonly SqlPiece[] | string): { raw: string; runs: Run[]; holes: string[] } {
  if (typeof pieces === 'string') {
    const raw = pieces.split(HOLE).join('\uFFFD');
    return { raw, runs: [{ rawStart: 0, rawEnd: raw.length, srcStart: 0, srcEnd: raw.length, hole: false }], holes: [] };
  }
  let raw = '';
  const runs: Run[] = [];
  const holes: string[] = [];
  for (const p of pieces) {
    if (p.kind === 'text') {
      if (!p.text) continue;
      const text = p.text.split(HOLE).join('\uFFFD');
      runs.push({ rawStart: raw.length, rawEnd: raw.length + text.length, srcStart: p.offset, srcEnd: p.offset + text.length, hole: false });
      raw += text;
    } else {
      runs.push({ rawStart: raw.length, rawEnd: raw.length + 1, srcStart: p.offset, srcEnd: p.endOffset, hole: true });
      holes.push(p.source);
      raw += HOLE;
    }
  }
  return { raw, runs, holes };
}

export function prepareSql(pieces: readonly SqlPiece[] | string): PreparedSql {
  const { raw, runs, holes } = rawFrom(pieces);
  const base = tokenize(raw);
  const holeSource = (t: Token): string => t.inlineSource ?? holes[t.hole ?? -1] ?? '?';

  const idents: string[] = [];
  const identIndex = new Map<string, number>();
  const identStandIn = (name: string): string => {
    let k = identIndex.get(name);
    if (k === undefined) {
      k = idents.length;
      idents.push(name);
      identIndex.set(name, k);
    }
    return IDENT_STANDIN + k;
  };
  let values = 0;

  const tokens: SqlToken[] = [];
  let inTableList = false;
  for (let i = 0; i < base.length; i++) {
    const t = base[i];
    const prev = base[i - 1];
    const next = base[i + 1];
    if (t.type === 'word' && !t.parts) {
      if (TABLE_INTRO.has(t.upper)) inTableList = true;
      else if (TABLE_OUTRO.has(t.upper)) inTableList = false;
    }
    const columnPosition =
      next?.type === 'op' &&
      COMPARISON.has(next.text) &&
      (prev === undefined || (prev.type === 'op' && (prev.text === ',' || prev.text === '(')) || (prev.type === 'word' && !prev.parts && COLUMN_INTRO.has(prev.upper)));
    const identPosition =
      (prev?.type === 'op' && prev.text === '.') ||
      (next?.type === 'op' && next.text === '.') ||
      (inTableList && prev !== undefined && ((prev.type === 'word' && !prev.parts && TABLE_INTRO.has(prev.upper)) || (prev.type === 'op' && prev.text === ',')));

    // The tokenizer's objects are this function's own: they become SqlTokens in place (copying each
    // token twice was a quarter of the SQL reader's own time).
    const as = (role: TokenRole, standIn: string, display: string, name?: string): SqlToken => {
      const tok = t as SqlToken;
      tok.role = role;
      if (name !== undefined) tok.name = name;
      tok.standIn = standIn;
      tok.display = display;
      tok.outStart = 0;
      tok.outEnd = 0;
      return tok;
    };
    let tok: SqlToken;
    if (t.type === 'quoted' && t.parts && t.quote === '"' && !isPrefixedName(t)) {
      // `"$name"`: a MySQL string with a hole, not an identifier
      tok = as('plain', "''", t.text.split(HOLE).join('?'));
    } else if ((t.type === 'word' || t.type === 'quoted') && t.parts) {
      const name = wordName(t, holes);
      const display = t.type === 'quoted' ? `${t.quote}${wordDisplay(t, holes)}${t.quote}` : wordDisplay(t, holes);
      tok = as('ident', identStandIn(name), display, name);
    } else if (t.type === 'hole') {
      const src = holeSource(t);
      if (identPosition || columnPosition) {
        const name = holeName(src);
        tok = as('ident', identStandIn(name), src.trim(), name);
      } else tok = as('value', VALUE_STANDIN + values++, '?');
    } else if (t.type === 'param') {
      if (identPosition || (columnPosition && t.text === '??')) {
        const name = t.text.toLowerCase();
        tok = as('ident', identStandIn(name), t.text, name);
      } else tok = as('value', VALUE_STANDIN + values++, t.text);
    } else if (t.type === 'string' && t.text.includes(HOLE)) {
      tok = as('plain', t.text.split(HOLE).join(''), t.text.split(HOLE).join('?'));
    } else tok = as('plain', t.text, t.text);
    tokens.push(tok);
  }

  const { text, segments } = renderMapped(raw, runs, tokens);
  return { text, tokens, idents, segments };
}

/** `"{$prefix}users"`, `"#__users"`: a prefix, then one plain name. */
function isPrefixedName(t: Token): boolean {
  const texts = (t.parts ?? []).filter((p): p is string => typeof p === 'string');
  return !!t.prefixed && texts.length === 1 && /^\w+$/.test(texts[0]) && typeof t.parts?.[t.parts.length - 1] === 'string';
}

function wordName(t: Token, holes: string[]): string {
  const parts = [...(t.parts ?? [])];
  while (parts.length > 1 && typeof parts[0] === 'number') parts.shift();
  return parts.map((p) => (typeof p === 'number' ? holeName(holes[p] ?? '?') : p.toLowerCase())).join('');
}

function wordDisplay(t: Token, holes: string[]): string {
  const parts = [...(t.parts ?? [])];
  while (parts.length > 1 && typeof parts[0] === 'number') parts.shift();
  return parts.map((p) => (typeof p === 'number' ? (holes[p] ?? '?').trim() : p)).join('');
}

/** Renders the stand-in text of the whole input and records the offset map. */
function renderMapped(raw: string, runs: Run[], tokens: SqlToken[]): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  let r = 0;
  const runAt = (x: number): Run => {
    while (r > 0 && runs[r].rawStart > x) r--;
    while (r < runs.length - 1 && runs[r].rawEnd <= x) r++;
    return runs[r];
  };
  const srcStartOf = (x: number): number => {
    const run = runAt(x);
    return run.hole ? run.srcStart : run.srcStart + (x - run.rawStart);
  };
  const srcEndOf = (x: number): number => {
    const run = runAt(x);
    return run.hole ? run.srcEnd : run.srcStart + (x - run.rawStart) + 1;
  };
  const emit = (s: string, a: number, b: number): void => {
    if (!s) return;
    segments.push({ outStart: text.length, outEnd: text.length + s.length, srcStart: srcStartOf(a), srcEnd: srcEndOf(b - 1), verbatim: false });
    text += s;
  };
  const copy = (a: number, b: number): void => {
    let x = a;
    while (x < b) {
      const run = runAt(x);
      const end = Math.min(b, run.rawEnd);
      if (run.hole) emit(' ', x, end);
      else {
        const s = raw.slice(x, end);
        segments.push({ outStart: text.length, outEnd: text.length + s.length, srcStart: srcStartOf(x), srcEnd: srcStartOf(x) + s.length, verbatim: true });
        text += s;
      }
      x = end;
    }
  };
  let at = 0;
  for (const t of tokens) {
    copy(at, t.start);
    t.outStart = text.length;
    if (t.standIn === t.text) copy(t.start, t.end);
    else emit(t.standIn, t.start, t.end);
    t.outEnd = text.length;
    at = t.end;
  }
  copy(at, raw.length);
  return { text, segments };
}

/**
 * The source offset for a position in `prepared.text`.
 * `side: 'right'` (default) gives where the character AT `pos` starts in source (insert before it);
 * `'left'` gives where the character BEFORE `pos` ends (insert after it: a fixer adding ` FOR UPDATE`
 * after a statement's last token uses the token's `outEnd` with side 'left').
 * Inside a stand-in (a hole or placeholder) the answer is the start ('right') or end ('left') of what
 * it stands for. Returns -1 for empty input.
 */
export function sourceOffsetAt(prepared: PreparedSql, pos: number, side: 'left' | 'right' = 'right'): number {
  const segs = prepared.segments;
  if (segs.length === 0) return -1;
  if (side === 'right' && pos >= segs[segs.length - 1].outEnd) return segs[segs.length - 1].srcEnd;
  if (side === 'left' && pos <= 0) return segs[0].srcStart;
  const p = Math.max(0, Math.min(pos, segs[segs.length - 1].outEnd));
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    const past = side === 'right' ? s.outEnd <= p : s.outEnd < p;
    if (past) lo = mid + 1;
    else hi = mid;
  }
  const s = segs[lo];
  if (s.verbatim) return s.srcStart + (p - s.outStart);
  return side === 'right' ? s.srcStart : s.srcEnd;
}
