/**
 * SQL understanding: SQL text (or pieces assembled from source) → SqlFacts.
 * PLACEHOLDER: a crude regex version so frontends can be built; the real reader replaces it.
 */
import type { Dialect, SqlPiece } from '../model.js';
import type { SqlFacts } from './facts.js';

export type { SqlFacts, StatementKind, LockingClause, UpsertForm, RelativeSet } from './facts.js';

export interface ReadSqlOptions {
  /** Dialect to try first (from config or the driver in sight); the others are tried after it. */
  dialect?: Dialect;
}

/** True when the text plausibly starts an SQL statement (used by frontends to decide whether a string is SQL). */
export function looksLikeSql(text: string): boolean {
  return /^\s*(\(\s*)?(select|insert|update|delete|replace|upsert|with|begin|start\s+transaction|commit|rollback|set\s+(session\s+)?transaction|lock\s+tables?|savepoint|release)\b/i.test(
    text,
  );
}

export function piecesToText(pieces: readonly SqlPiece[] | string): string {
  if (typeof pieces === 'string') return pieces;
  return pieces.map((p) => (p.kind === 'text' ? p.text : '?')).join('');
}

export function readSql(pieces: readonly SqlPiece[] | string, _options: ReadSqlOptions = {}): SqlFacts {
  const text = piecesToText(pieces);
  const t = text.trim();
  const kw = (/^\(?\s*(\w+)/.exec(t)?.[1] ?? '').toLowerCase();
  let kind: SqlFacts['kind'] = 'other';
  if (kw === 'select' || kw === 'with') kind = /\b(pg_advisory|get_lock)/i.test(t) ? 'lock' : 'select';
  else if (kw === 'insert' || kw === 'replace') kind = /on\s+(conflict|duplicate)|insert\s+ignore|^replace/i.test(t) ? 'upsert' : 'insert';
  else if (kw === 'update') kind = 'update';
  else if (kw === 'delete') kind = 'delete';
  else if (kw === 'begin' || /^start\s+transaction/i.test(t)) kind = 'begin';
  else if (kw === 'commit') kind = 'commit';
  else if (kw === 'rollback') kind = 'rollback';
  else if (/^set\s+(session\s+)?transaction/i.test(t)) kind = 'set-isolation';
  const tables: string[] = [];
  const re = /\b(?:from|join|into|update)\s+[`"]?(\w+)[`"]?/gi;
  for (let m; (m = re.exec(t)); ) tables.push(m[1].toLowerCase());
  const write = kind === 'insert' || kind === 'update' || kind === 'delete' || kind === 'upsert' ? tables.slice(0, 1) : [];
  return {
    kind,
    tables: [...new Set(tables)],
    writeTables: write,
    readTables: tables.filter((x) => !write.includes(x)),
    locking: /for\s+update/i.test(t) ? 'for-update' : /for\s+share|lock\s+in\s+share/i.test(t) ? 'for-share' : null,
    conditional: /where[\s\S]*\band\b/i.test(t) && (kind === 'update' || kind === 'delete'),
    whereColumns: [],
    setColumns: [],
    relativeSets: [],
    upsert: null,
    isolation: /serializable/i.test(t) ? 'serializable' : undefined,
    confidence: 'tolerant',
    normalized: t.replace(/\s+/g, ' '),
  };
}
