/**
 * readSql: SQL pieces → SqlFacts.
 *
 *   pieces ─► prepareSql (stand-ins, offset map) ─► statements ─► readShape (kind, upsert, locking, tx)
 *                                                       │
 *                      flat data statement (flat.ts) ───┼──────────────────► readTolerant ─┐
 *                         node-sql-parser (dialect order) ─► factsFromAst ─────────────────┤
 *                                 └── every dialect failed ─► readTolerant ─────────────────┴─► SqlFacts
 *
 * Statements that are not data statements (BEGIN, SET …) take their facts from the shape alone.
 *
 * Never throws, never drops a statement: the worst answer is kind 'other' with a parseError.
 * Results are memoised by (input text, dialect) and parses by (first dialect, stand-in statement).
 */
import type { Dialect, SqlPiece } from '../model.js';
import type { SqlFacts, StatementKind } from './facts.js';
import type { BodyFacts } from './body.js';
import { BoundedCache } from './cache.js';
import { isConditionalInsert, isConditionalWhere, whereColumnsOf } from './conditional.js';
import { factsFromAst, type NameOf } from './facts-from-ast.js';
import { normalizeTokens } from './normalize.js';
import { isFlat } from './flat.js';
import { dialectOrder, parseStatement, type ParseOutcome } from './parse.js';
import { readShape, type Shape } from './shape.js';
import { prepareSql, sourceOffsetAt, type SqlToken } from './standins.js';
import { readTolerant } from './tolerant.js';
import { isKw, isOp, selectsAggregate, splitStatements } from './tokens.js';

export interface ReadSqlOptions {
  /** Dialect to try first (from config or the driver in sight); the others are tried after it. */
  dialect?: Dialect;
}

/** Statements longer than this many tokens go to the tolerant reader (a 1,000-item IN list parses in ~50 ms). */
const MAX_PARSE_TOKENS = 2000;
const DATA_KINDS = new Set<StatementKind>(['select', 'insert', 'update', 'delete', 'upsert', 'lock']);

const factsCache = new BoundedCache<string, SqlFacts>(5000);

export function readSql(pieces: readonly SqlPiece[] | string, options: ReadSqlOptions = {}): SqlFacts {
  const key = cacheKey(pieces, options.dialect);
  let facts = factsCache.get(key);
  if (!facts) {
    facts = readSafely(pieces, options.dialect);
    factsCache.set(key, facts);
  }
  return copyFacts(facts);
}

/**
 * The facts the tolerant token reader alone gives (no parser, no cache): what readSql answers when no
 * grammar accepts the text. Exported so tests can hold the two readers to the same answers.
 */
export function readSqlByTokens(pieces: readonly SqlPiece[] | string, options: ReadSqlOptions = {}): SqlFacts {
  return readStatement(pieces, options.dialect, 'tokens');
}

/**
 * The facts the grammars give wherever one accepts the statement, flat or not (no cache): what readSql
 * answered before flat statements skipped the parser. Exported so tests can hold the readers together.
 */
export function readSqlByGrammar(pieces: readonly SqlPiece[] | string, options: ReadSqlOptions = {}): SqlFacts {
  return readStatement(pieces, options.dialect, 'grammar');
}

/** Which reader reads a statement's body: flat statements by tokens, the rest by a grammar first ('auto'). */
type ReadMode = 'auto' | 'grammar' | 'tokens';

/** The source offset just after the last token of the statement `readSql` describes (where ` FOR UPDATE` goes); -1 when there is none. */
export function statementEndOffset(pieces: readonly SqlPiece[] | string): number {
  const prepared = prepareSql(pieces);
  const statements = splitStatements(prepared.tokens);
  if (!statements.length) return -1;
  const chosen = statements[chooseStatement(statements.map(readShape))];
  return sourceOffsetAt(prepared, chosen[chosen.length - 1].outEnd, 'left');
}

function cacheKey(pieces: readonly SqlPiece[] | string, dialect: Dialect | undefined): string {
  const text = typeof pieces === 'string' ? pieces : pieces.map((p) => (p.kind === 'text' ? p.text : `\u0000${p.source}\u0000`)).join('');
  return `${dialect ?? ''}\u0001${text}`;
}

function copyFacts(f: SqlFacts): SqlFacts {
  return {
    ...f,
    tables: [...f.tables],
    writeTables: [...f.writeTables],
    readTables: [...f.readTables],
    whereColumns: [...f.whereColumns],
    setColumns: [...f.setColumns],
    relativeSets: f.relativeSets.map((r) => ({ ...r })),
    ...(f.conflictTarget ? { conflictTarget: [...f.conflictTarget] } : {}),
    ...(f.statements ? { statements: [...f.statements] } : {}),
  };
}

function readSafely(pieces: readonly SqlPiece[] | string, dialect: Dialect | undefined): SqlFacts {
  try {
    return readStatement(pieces, dialect);
  } catch (e) {
    const text = typeof pieces === 'string' ? pieces : pieces.map((p) => (p.kind === 'text' ? p.text : '?')).join('');
    return { ...emptyFacts(`internal error: ${String((e as Error)?.message ?? e)}`), normalized: text.replace(/\s+/g, ' ').trim().slice(0, 2000) };
  }
}

function emptyFacts(parseError: string): SqlFacts {
  return {
    kind: 'other',
    tables: [],
    writeTables: [],
    readTables: [],
    locking: null,
    conditional: false,
    whereColumns: [],
    setColumns: [],
    relativeSets: [],
    upsert: null,
    confidence: 'tolerant',
    parseError,
    normalized: '',
  };
}

/** The first data statement, else the first `begin`, else the first statement. */
function chooseStatement(shapes: readonly Shape[]): number {
  const data = shapes.findIndex((s) => DATA_KINDS.has(s.kind));
  if (data >= 0) return data;
  const begin = shapes.findIndex((s) => s.kind === 'begin');
  return begin >= 0 ? begin : 0;
}

function readStatement(pieces: readonly SqlPiece[] | string, dialect: Dialect | undefined, mode: ReadMode = 'auto'): SqlFacts {
  const prepared = prepareSql(pieces);
  const statements = splitStatements(prepared.tokens);
  if (!statements.length) return emptyFacts('empty statement');
  const shapes = statements.map(readShape);
  const index = chooseStatement(shapes);
  const ts = statements[index];
  const shape = shapes[index];
  if (shape.kind === 'begin' && !shape.isolation) {
    shape.isolation = shapes.slice(0, index).reverse().find((s) => s.kind === 'set-isolation')?.isolation;
  }

  const parseTokens = ts.filter((_, i) => !shape.strip.has(i));
  const first = dialect ?? guessDialect(parseTokens);
  const head = shape.head >= 0 ? ts[shape.head] : undefined;
  const data = isKw(head, 'SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE');
  const byTokens = mode === 'tokens' || (mode === 'auto' && (!data || isFlat(ts, shape.head)));
  const outcome: ParseOutcome = byTokens ? { ok: false, error: 'not parsed: token reader only' } : parseTokensWith(parseTokens, first);
  const nameOf = nameResolver(prepared.idents);
  let body: BodyFacts | undefined;
  if (outcome.ok && data) {
    try {
      body = factsFromAst(outcome.ast, outcome.tableList, nameOf);
    } catch {
      body = undefined;
    }
  }
  body ??= readTolerant(parseTokens, first !== 'mysql');
  const order = appearance(ts);
  const byAppearance = (names: string[]) => [...names].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  body = { ...body, tables: byAppearance(body.tables), writeTables: byAppearance(body.writeTables), readTables: byAppearance(body.readTables) };

  const kind = shape.kind;
  const facts: SqlFacts = {
    kind,
    tables: body.tables,
    writeTables: kind === 'select' || kind === 'lock' ? [] : body.writeTables,
    readTables: kind === 'lock' ? [] : kind === 'select' ? body.tables : body.readTables,
    locking: shape.locking,
    conditional:
      kind === 'update' || kind === 'delete'
        ? isConditionalWhere(body.predicates)
        : kind === 'insert' || kind === 'upsert'
          ? isConditionalInsert(body.predicates)
          : false,
    whereColumns: whereColumnsOf(body.predicates),
    setColumns: body.setColumns,
    relativeSets: body.relativeSets,
    upsert: shape.upsert,
    confidence: outcome.ok ? 'parsed' : byTokens && mode === 'auto' ? 'flat' : 'tolerant',
    normalized: normalizeTokens(ts),
  };
  if (shape.lockingOption) facts.lockingOption = shape.lockingOption;
  if (body.conflictTarget && shape.upsert === 'on-conflict') facts.conflictTarget = body.conflictTarget;
  if (shape.isolation) facts.isolation = shape.isolation;
  if (shape.beginMode) facts.beginMode = shape.beginMode;
  if (outcome.ok) facts.parsedAs = outcome.dialect;
  else if (facts.confidence === 'tolerant') facts.parseError = outcome.error;
  if (statements.length > 1) facts.statements = shapes.map((s) => s.kind);
  if (kind === 'select' && selectsAggregate(ts, shape.head)) facts.aggregate = true;
  return facts;
}

/**
 * The dialect to try first when none was given: PostgreSQL for `$1`, `::` casts, `ON CONFLICT`,
 * `RETURNING`, `ILIKE` or a double-quoted name after FROM/JOIN/INTO/UPDATE; else MySQL.
 */
function guessDialect(ts: readonly SqlToken[]): Dialect {
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t.type === 'quoted' && t.quote === '`') return 'mysql';
    if ((t.type === 'param' && t.text.startsWith('$')) || isOp(t, '::') || isKw(t, 'RETURNING', 'ILIKE', 'CONFLICT')) return 'postgresql';
    if (t.type === 'quoted' && t.quote === '"' && isKw(ts[i - 1], 'FROM', 'JOIN', 'INTO', 'UPDATE')) return 'postgresql';
  }
  return 'mysql';
}

function parseTokensWith(ts: readonly SqlToken[], dialect: Dialect): ParseOutcome {
  if (ts.length > MAX_PARSE_TOKENS) return { ok: false, error: `not parsed: statement has ${ts.length} tokens (limit ${MAX_PARSE_TOKENS})` };
  // Unbalanced input is a syntax error in every grammar, and the grammars backtrack exponentially on it.
  let depth = 0;
  for (const t of ts) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')') && --depth < 0) break;
    if (!closed(t)) return { ok: false, error: 'not parsed: unterminated quote' };
  }
  if (depth !== 0) return { ok: false, error: 'not parsed: unbalanced parentheses' };
  return parseStatement((d) => renderForParse(ts, d), dialectOrder(dialect));
}

function closed(t: SqlToken): boolean {
  if (t.type === 'quoted') return t.text.length >= 2 && t.text.endsWith(t.quote ?? '');
  if (t.type !== 'string') return true;
  if (t.text.startsWith('$')) {
    const tag = /^\$\w*\$/.exec(t.text)?.[0] ?? '$$';
    return t.text.length >= 2 * tag.length && t.text.endsWith(tag);
  }
  const q = t.text.indexOf("'");
  return t.text.length - q >= 2 && t.text.endsWith("'");
}

/** The statement's stand-in text for one dialect: PostgreSQL gets double quotes for backticks. */
function renderForParse(ts: readonly SqlToken[], dialect: Dialect): string {
  let out = '';
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    let text = t.standIn;
    if (dialect === 'postgresql' && t.type === 'quoted' && t.quote === '`' && !(t.value ?? '').includes('"')) text = `"${t.value}"`;
    if (i > 0 && (t.space || (ts[i - 1].type !== 'op' && t.type !== 'op'))) out += ' ';
    out += text;
  }
  return out;
}

/** Index of the first token naming each identifier, to list tables in the order the statement names them. */
function appearance(ts: readonly SqlToken[]): Map<string, number> {
  const at = new Map<string, number>();
  ts.forEach((t, i) => {
    const name = t.role === 'ident' ? t.name : t.type === 'quoted' ? t.value?.toLowerCase() : t.type === 'word' ? t.text.toLowerCase() : undefined;
    if (name !== undefined && !at.has(name)) at.set(name, i);
  });
  return at;
}

function nameResolver(idents: readonly string[]): NameOf {
  return (name: string) => {
    const m = /^tocscan_h(\d+)$/i.exec(name);
    return m ? (idents[Number(m[1])] ?? name.toLowerCase()) : name.toLowerCase();
  };
}
