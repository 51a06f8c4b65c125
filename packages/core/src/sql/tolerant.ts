/**
 * The tolerant reader: the same body facts as facts-from-ast.ts, read from tokens, for statements no
 * grammar accepts (MySQL `DELETE … USING`, `INSERT … AS new ON DUPLICATE KEY UPDATE`, PostgreSQL
 * `ON CONFLICT … WHERE`, fragments, odd dialect extensions). It reads clause by clause with
 * parenthesis matching and never throws; where it cannot follow the text it reads less, not wrong.
 */
import type { RelativeSet } from './facts.js';
import type { Predicate } from './conditional.js';
import type { SqlToken } from './standins.js';
import { finishBody, type BodyFacts } from './body.js';
import { findHead } from './shape.js';
import { isKw, isOp, matchParens } from './tokens.js';

/** Keywords that end a table list. */
const LIST_END = new Set([
  'WHERE', 'SET', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT', 'RETURNING', 'VALUES', 'VALUE', 'SELECT',
  'WINDOW', 'FOR', 'LOCK', 'INTO', 'OFFSET', 'FETCH', 'ON', 'USING', 'DEFAULT', 'WITH', 'AS', 'PARTITION', 'READ', 'WRITE', 'IN', 'NOWAIT',
]);
/** Words that cannot be an alias after a table name. */
const ALIAS_STOP = new Set([
  ...LIST_END, 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'CROSS', 'FULL', 'NATURAL', 'STRAIGHT_JOIN', 'USE', 'FORCE', 'IGNORE',
  'LATERAL', 'LOW_PRIORITY', 'LOCAL', 'TABLESAMPLE', 'ONLY',
]);
const JOIN_PREFIX = new Set(['LEFT', 'RIGHT', 'INNER', 'OUTER', 'CROSS', 'FULL', 'NATURAL']);
/** Words in a predicate that are not columns. */
const NOT_COLUMNS = new Set([
  'AND', 'OR', 'NOT', 'XOR', 'IS', 'NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'IN', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'SIMILAR', 'TO',
  'ESCAPE', 'BETWEEN', 'EXISTS', 'ANY', 'ALL', 'SOME', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'INTERVAL', 'CURRENT_TIMESTAMP',
  'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SESSION_USER', 'BINARY', 'COLLATE', 'DISTINCT',
  'FROM', 'DEFAULT', 'AS', 'SOUNDS', 'ASC', 'DESC', 'DIV', 'MOD',
  'SELECT', 'WHERE', 'USING', 'ON', 'SET', 'UNSIGNED', 'SIGNED',
]);
const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
const SET_END = new Set(['FROM', 'WHERE', 'ORDER', 'LIMIT', 'RETURNING', 'ON']);
const WHERE_END = new Set(['GROUP', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT', 'WINDOW', 'FOR', 'LOCK', 'RETURNING', 'OFFSET', 'FETCH', 'DO']);

interface Ref {
  table: string;
  alias?: string;
}

interface SetItem {
  column: string;
  qualifier?: string;
  op: '+' | '-' | null;
}

/**
 * Reads body facts from the tokens of one statement (locking clauses and modifiers already left out).
 * `dquoteIsIdent`: `"x"` is an identifier (PostgreSQL, SQLite) rather than a MySQL string; when false,
 * `"x"` still counts as a column where it stands before a comparison.
 */
export function readTolerant(ts: readonly SqlToken[], dquoteIsIdent: boolean): BodyFacts {
  return new TokenReader(ts, dquoteIsIdent).read();
}

class TokenReader {
  readonly match: number[];
  readonly all: string[] = [];
  readonly ctes = new Set<string>();
  readonly predicates: Predicate[] = [];
  readonly setColumns: string[] = [];
  readonly relativeSets: RelativeSet[] = [];
  conflictTarget?: string[];

  constructor(
    readonly ts: readonly SqlToken[],
    readonly dquoteIsIdent: boolean,
  ) {
    this.match = matchParens(ts);
  }

  read(): BodyFacts {
    const n = this.ts.length;
    let start = 0;
    while (isOp(this.ts[start], '(')) start++;
    if (isKw(this.ts[start], 'WITH')) start = this.readWith(start, n);
    const head = findHead(this.ts, this.match);
    const h = this.ts[head];
    let writes: string[] = [];
    if (head < 0) {
      // a fragment: still collect what tables it names
      this.readQuery(0, n);
    } else if (isKw(h, 'INSERT', 'REPLACE')) writes = this.readInsert(head, n);
    else if (isKw(h, 'UPDATE')) writes = this.readUpdate(head, n);
    else if (isKw(h, 'DELETE')) writes = this.readDelete(head, n);
    else if (isKw(h, 'LOCK')) {
      const tables = this.readLockTables(head + 1, n);
      return { tables, writeTables: [], readTables: [], predicates: [], setColumns: [], relativeSets: [] };
    } else {
      this.readQuery(start, n);
      const where = this.whereRange(start, n);
      if (where) this.readPredicates(where[0], where[1], false);
    }
    const all = this.all.filter((t) => !this.ctes.has(t) && t !== 'dual');
    const body = finishBody(all, writes, {
      predicates: this.predicates,
      setColumns: [...new Set(this.setColumns)],
      relativeSets: this.relativeSets,
    });
    if (this.conflictTarget) body.conflictTarget = this.conflictTarget;
    return body;
  }

  // ── tokens ────────────────────────────────────────────────────────────────────────────────

  /** Index after `i`, jumping over a parenthesised group. */
  private step(i: number): number {
    return isOp(this.ts[i], '(') ? Math.max(this.match[i], i) + 1 : i + 1;
  }

  private startsQuery(i: number): boolean {
    let k = i;
    while (isOp(this.ts[k], '(')) k++;
    return isKw(this.ts[k], 'SELECT', 'WITH', 'VALUES');
  }

  /** An identifier token's name (lower-cased, unquoted, stand-ins resolved); null when `t` is not one. */
  private identName(t: SqlToken | undefined, allowKeywords: boolean): string | null {
    if (!t) return null;
    if (t.role === 'ident') return t.name ?? null;
    if (t.type === 'quoted') return t.parts ? null : (t.value ?? '').toLowerCase();
    if (t.type === 'word' && (allowKeywords || !ALIAS_STOP.has(t.upper))) return t.text.toLowerCase();
    return null;
  }

  /** `[schema.]table` at `i`: the table's name and the index after it. */
  private qualifiedName(i: number): { name: string; end: number } | null {
    let name = this.identName(this.ts[i], false);
    if (name === null) return null;
    let end = i + 1;
    while (isOp(this.ts[end], '.') && this.identName(this.ts[end + 1], true) !== null) {
      name = this.identName(this.ts[end + 1], true) as string;
      end += 2;
    }
    return { name, end };
  }

  private addTable(name: string): void {
    this.all.push(name);
  }

  // ── queries and table lists ───────────────────────────────────────────────────────────────

  /** `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (query), …` at `i`; returns the index after it. */
  private readWith(i: number, end: number): number {
    let k = i + 1;
    if (isKw(this.ts[k], 'RECURSIVE')) k++;
    while (k < end) {
      const name = this.identName(this.ts[k], true);
      if (name === null) return k;
      this.ctes.add(name);
      k++;
      if (isOp(this.ts[k], '(')) k = this.step(k);
      if (!isKw(this.ts[k], 'AS')) return k;
      k++;
      if (isKw(this.ts[k], 'NOT')) k++;
      if (isKw(this.ts[k], 'MATERIALIZED')) k++;
      if (!isOp(this.ts[k], '(')) return k;
      this.readQuery(k + 1, this.match[k]);
      k = this.step(k);
      if (!isOp(this.ts[k], ',')) return k;
      k++;
    }
    return k;
  }

  /** A query (SELECT, VALUES, set operations, CTEs): every table in it is read. */
  private readQuery(a: number, b: number): void {
    let i = a;
    while (i < b) {
      const t = this.ts[i];
      if (isKw(t, 'WITH')) {
        i = Math.max(i + 1, this.readWith(i, b));
      } else if (isOp(t, '(')) {
        const m = Math.min(this.match[i], b);
        if (this.startsQuery(i + 1)) this.readQuery(i + 1, m);
        else this.scanGroups(i + 1, m);
        i = m + 1;
      } else if (isKw(t, 'FROM', 'JOIN', 'STRAIGHT_JOIN')) {
        const refs: Ref[] = [];
        i = Math.max(i + 1, this.readTableList(i + 1, b, refs));
        for (const r of refs) this.addTable(r.table);
      } else i++;
    }
  }

  /** Finds sub-queries inside an expression range. */
  private scanGroups(a: number, b: number): void {
    for (let i = a; i < b; i++) {
      if (!isOp(this.ts[i], '(')) continue;
      const m = Math.min(this.match[i], b);
      if (this.startsQuery(i + 1)) {
        this.readQuery(i + 1, m);
        i = m;
      }
    }
  }

  /** A FROM-style list (tables, aliases, joins, derived tables) from `i`; returns where it ended. */
  private readTableList(i: number, end: number, refs: Ref[]): number {
    let expectItem = true;
    while (i < end) {
      const t = this.ts[i];
      if (expectItem) {
        if (isKw(t, 'LATERAL', 'ONLY')) {
          i++;
          continue;
        }
        if (isOp(t, '(')) {
          const m = Math.min(this.match[i], end);
          if (this.startsQuery(i + 1)) this.readQuery(i + 1, m);
          else this.readTableList(i + 1, m, refs);
          i = this.skipAlias(m + 1, undefined);
          expectItem = false;
          continue;
        }
        const q = this.qualifiedName(i);
        if (!q) return i;
        if (isOp(this.ts[q.end], '(')) {
          // a table function (`generate_series(…)`, `unnest(…)`)
          const m = this.match[q.end];
          this.scanGroups(q.end + 1, m);
          i = this.skipAlias(m + 1, undefined);
        } else {
          const ref: Ref = { table: q.name };
          refs.push(ref);
          i = this.skipAlias(q.end, ref);
        }
        expectItem = false;
        continue;
      }
      if (isOp(t, ',') || isKw(t, 'JOIN', 'STRAIGHT_JOIN')) {
        expectItem = true;
        i++;
      } else if (t.type === 'word' && JOIN_PREFIX.has(t.upper) && !t.parts) {
        i++;
      } else if (isKw(t, 'ON') || (isKw(t, 'USING') && isOp(this.ts[i + 1], '('))) {
        i = this.skipCondition(i + 1, end);
      } else if (isKw(t, 'USE', 'FORCE', 'IGNORE') && isKw(this.ts[i + 1], 'INDEX', 'KEY')) {
        i += 2;
        if (isKw(this.ts[i], 'FOR')) i += isKw(this.ts[i + 2], 'BY') ? 3 : 2;
        if (isOp(this.ts[i], '(')) i = this.step(i);
      } else return i;
    }
    return i;
  }

  /** `[AS] alias` after a table; records it on `ref`. */
  private skipAlias(i: number, ref: Ref | undefined): number {
    const t = this.ts[i];
    if (isKw(t, 'AS')) {
      const name = this.identName(this.ts[i + 1], true);
      if (name !== null && ref) ref.alias = name;
      return name !== null ? i + 2 : i + 1;
    }
    if (t && (t.type === 'word' || t.type === 'quoted' || t.role === 'ident') && !(t.type === 'word' && !t.parts && ALIAS_STOP.has(t.upper))) {
      const name = this.identName(t, false);
      if (name !== null) {
        if (ref) ref.alias = name;
        return i + 1;
      }
    }
    return i;
  }

  /** A join condition: up to the next join, comma or clause keyword. */
  private skipCondition(i: number, end: number): number {
    while (i < end) {
      const t = this.ts[i];
      if (isOp(t, ',') || isKw(t, 'JOIN', 'STRAIGHT_JOIN') || (t.type === 'word' && !t.parts && (JOIN_PREFIX.has(t.upper) || (LIST_END.has(t.upper) && t.upper !== 'IN' && t.upper !== 'ON')))) return i;
      if (isOp(t, '(')) {
        const m = Math.min(this.match[i], end);
        this.scanGroups(i, m + 1);
        i = m + 1;
      } else i++;
    }
    return i;
  }

  // ── statements ─────────────────────────────────────────────────────────────────────────────

  private readInsert(head: number, n: number): string[] {
    let i = head + 1;
    while (isKw(this.ts[i], 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE')) i++;
    if (isKw(this.ts[i], 'INTO')) i++;
    const q = this.qualifiedName(i);
    if (!q) {
      this.readQuery(i, n);
      return [];
    }
    i = q.end;
    if (isKw(this.ts[i], 'AS') && !isOp(this.ts[i + 1], '(')) i += 2;
    const columns: string[] = [];
    if (isOp(this.ts[i], '(') && !this.startsQuery(i + 1)) {
      const m = this.match[i];
      for (let k = i + 1; k < m; k = this.step(k)) {
        const name = this.identName(this.ts[k], true);
        if (name !== null && (isOp(this.ts[k + 1], ',') || k + 1 === m)) columns.push(name);
      }
      i = m + 1;
    }
    const updatePart: SetItem[] = [];
    while (i < n) {
      const t = this.ts[i];
      if (isKw(t, 'ON') && isKw(this.ts[i + 1], 'DUPLICATE')) {
        i += 2;
        while (isKw(this.ts[i], 'KEY', 'UPDATE')) i++;
        i = this.readSetList(i, n, updatePart);
      } else if (isKw(t, 'ON') && isKw(this.ts[i + 1], 'CONFLICT')) {
        i = this.readConflict(i + 2, n, updatePart);
      } else if (isKw(t, 'SET')) {
        // MySQL `INSERT INTO t SET a = 1`: the columns inserted
        const items: SetItem[] = [];
        i = this.readSetList(i + 1, n, items);
        columns.push(...items.map((s) => s.column));
      } else if (this.startsQuery(i)) {
        const end = this.insertSourceEnd(i, n);
        this.readQuery(i, end);
        let k = i;
        while (isOp(this.ts[k], '(')) k++;
        const where = this.whereRange(k, end);
        if (where) this.readPredicates(where[0], where[1], false);
        i = end;
      } else if (isKw(t, 'RETURNING')) break;
      else {
        if (isOp(t, '(')) this.scanGroups(i, this.step(i));
        i = this.step(i);
      }
    }
    if (updatePart.length) this.recordSet(updatePart);
    else this.setColumns.push(...columns);
    return [q.name];
  }

  /** End of an INSERT's SELECT: the ON DUPLICATE / ON CONFLICT / RETURNING after it. */
  private insertSourceEnd(i: number, n: number): number {
    for (let k = i; k < n; k = this.step(k)) {
      if ((isKw(this.ts[k], 'ON') && isKw(this.ts[k + 1], 'DUPLICATE', 'CONFLICT')) || isKw(this.ts[k], 'RETURNING')) return k;
    }
    return n;
  }

  /** After `ON CONFLICT`: `[(cols) [WHERE …] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET … [WHERE …]`. */
  private readConflict(i: number, n: number, updatePart: SetItem[]): number {
    if (isOp(this.ts[i], '(')) {
      const m = this.match[i];
      const target: string[] = [];
      for (let k = i + 1; k < m; k = this.step(k)) {
        const name = this.identName(this.ts[k], true);
        if (name !== null && !isOp(this.ts[k + 1], '.', '(')) target.push(name);
      }
      this.conflictTarget = target;
      i = m + 1;
    }
    while (i < n && !isKw(this.ts[i], 'DO')) i = this.step(i);
    if (isKw(this.ts[i + 1], 'UPDATE') && isKw(this.ts[i + 2], 'SET')) return this.readSetList(i + 3, n, updatePart);
    return i + 2;
  }

  private readUpdate(head: number, n: number): string[] {
    let i = head + 1;
    while (isKw(this.ts[i], 'LOW_PRIORITY', 'IGNORE', 'ONLY')) i++;
    const refs: Ref[] = [];
    i = this.readTableList(i, n, refs);
    const items: SetItem[] = [];
    if (isKw(this.ts[i], 'SET')) i = this.readSetList(i + 1, n, items);
    this.recordSet(items);
    if (isKw(this.ts[i], 'FROM')) {
      const from: Ref[] = [];
      i = this.readTableList(i + 1, n, from);
      for (const r of from) this.addTable(r.table);
    }
    const where = this.whereRange(i, n);
    if (where) this.readPredicates(where[0], where[1], false);
    const qualifiers = new Set(items.map((s) => s.qualifier).filter((q): q is string => !!q));
    const hit = refs.filter((r) => qualifiers.has(r.alias ?? '') || qualifiers.has(r.table));
    for (const r of refs) this.addTable(r.table);
    return (hit.length ? hit : refs.slice(0, 1)).map((r) => r.table);
  }

  private readDelete(head: number, n: number): string[] {
    let i = head + 1;
    while (isKw(this.ts[i], 'LOW_PRIORITY', 'QUICK', 'IGNORE')) i++;
    const targets: string[] = [];
    const sources: Ref[] = [];
    if (isKw(this.ts[i], 'FROM')) {
      const listed: Ref[] = [];
      i = this.readTableList(i + 1, n, listed);
      if (isKw(this.ts[i], 'USING')) {
        // MySQL `DELETE FROM t1[, t2] USING …` / PostgreSQL `DELETE FROM t USING u`
        i = this.readTableList(i + 1, n, sources);
        targets.push(...listed.map((r) => sources.find((s) => s.alias === r.table)?.table ?? r.table));
        sources.unshift(...listed);
      } else {
        targets.push(...listed.slice(0, 1).map((r) => r.table));
        sources.push(...listed);
      }
    } else {
      // MySQL `DELETE t1[, t2] FROM …`
      const named: string[] = [];
      while (i < n && !isKw(this.ts[i], 'FROM', 'USING')) {
        const q = this.qualifiedName(i);
        if (q) {
          named.push(q.name);
          i = q.end;
          if (isOp(this.ts[i], '.') && isOp(this.ts[i + 1], '*')) i += 2;
        } else i++;
      }
      i = this.readTableList(i + 1, n, sources);
      targets.push(...named.map((name) => sources.find((s) => s.alias === name)?.table ?? name));
    }
    for (const r of sources) this.addTable(r.table);
    const where = this.whereRange(i, n);
    if (where) this.readPredicates(where[0], where[1], false);
    return targets;
  }

  /** `LOCK TABLES a [AS x] READ, b WRITE` / `LOCK [TABLE] [ONLY] a, b [IN … MODE] [NOWAIT]`. */
  private readLockTables(i: number, n: number): string[] {
    const tables: string[] = [];
    if (isKw(this.ts[i], 'TABLE', 'TABLES')) i++;
    while (i < n) {
      if (isKw(this.ts[i], 'ONLY')) i++;
      const q = this.qualifiedName(i);
      if (!q) break;
      tables.push(q.name);
      i = q.end;
      while (i < n && !isOp(this.ts[i], ',')) i++;
      i++;
    }
    return [...new Set(tables)];
  }

  // ── SET lists ──────────────────────────────────────────────────────────────────────────────

  /** `col = expr, t.col = expr …` until a clause keyword; records set columns and relative sets. */
  private readSetList(i: number, n: number, items: SetItem[]): number {
    let end = i;
    while (end < n && !(this.ts[end].type === 'word' && !this.ts[end].parts && SET_END.has(this.ts[end].upper))) end = this.step(end);
    let s = i;
    for (let k = i; k <= end; k = k < end ? this.step(k) : k + 1) {
      if (k === end || isOp(this.ts[k], ',')) {
        const item = this.readSetItem(s, Math.min(k, end));
        if (item) items.push(item);
        s = k + 1;
      }
    }
    return end;
  }

  private recordSet(items: readonly SetItem[]): void {
    for (const item of items) {
      this.setColumns.push(item.column);
      if (item.op) this.relativeSets.push({ column: item.column, op: item.op });
    }
  }

  private readSetItem(a: number, b: number): SetItem | null {
    let eq = a;
    while (eq < b && !isOp(this.ts[eq], '=')) eq++;
    if (eq >= b) return null;
    const names: string[] = [];
    for (let k = a; k < eq; k++) {
      const name = this.identName(this.ts[k], true);
      if (name !== null) names.push(name);
    }
    const column = names[names.length - 1];
    if (!column) return null;
    this.scanGroups(eq + 1, b);
    return { column, qualifier: names.length > 1 ? names[names.length - 2] : undefined, op: this.relativeOp(eq + 1, b, column) };
  }

  /** `col + n`, `col - ?`, `n + col`, `COALESCE(col, 0) + n`, `GREATEST(col - ?, 0)` over tokens. */
  private relativeOp(a: number, b: number, column: string): '+' | '-' | null {
    while (isOp(this.ts[a], '(') && this.match[a] === b - 1) {
      a++;
      b--;
    }
    if (isKw(this.ts[a], 'GREATEST', 'LEAST') && isOp(this.ts[a + 1], '(') && this.match[a + 1] === b - 1) {
      let s = a + 2;
      for (let k = s; k <= b - 1; k = k < b - 1 ? this.step(k) : k + 1) {
        if (k === b - 1 || isOp(this.ts[k], ',')) {
          const op = this.relativeOp(s, k, column);
          if (op) return op;
          s = k + 1;
        }
      }
      return null;
    }
    const terms: Array<[number, number]> = [];
    const ops: Array<'+' | '-'> = [];
    let s = a;
    for (let k = a; k < b; k = this.step(k)) {
      const t = this.ts[k];
      if (k > s && isOp(t, '+', '-') && !isOp(this.ts[k - 1], '(', ',', '=', '+', '-', '*', '/')) {
        terms.push([s, k]);
        ops.push(t.text as '+' | '-');
        s = k + 1;
      }
    }
    terms.push([s, b]);
    if (terms.length < 2) return null;
    if (this.isColumnTerm(terms[0][0], terms[0][1], column)) return ops[0];
    if (ops[0] === '+' && terms.length === 2 && this.isColumnTerm(terms[1][0], terms[1][1], column)) return '+';
    return null;
  }

  private isColumnTerm(a: number, b: number, column: string): boolean {
    const t = this.ts[a];
    if (isKw(t, 'COALESCE', 'IFNULL', 'NVL', 'ISNULL') && isOp(this.ts[a + 1], '(') && this.match[a + 1] === b - 1) {
      let k = a + 2;
      while (k < b && !isOp(this.ts[k], ',')) k++;
      return this.isColumnTerm(a + 2, k, column);
    }
    const names: string[] = [];
    for (let k = a; k < b; k++) {
      if (isOp(this.ts[k], '.')) continue;
      const name = this.identName(this.ts[k], true);
      if (name === null) return false;
      names.push(name);
    }
    return names.length > 0 && names.length <= 3 && names[names.length - 1] === column;
  }

  // ── WHERE ──────────────────────────────────────────────────────────────────────────────────

  /** The WHERE of the query at this level of [a, b): from after `WHERE` to the next clause. */
  private whereRange(a: number, b: number): [number, number] | null {
    let k = a;
    while (k < b && !isKw(this.ts[k], 'WHERE')) k = this.step(k);
    if (k >= b) return null;
    const start = k + 1;
    for (k = start; k < b; k = this.step(k)) {
      const t = this.ts[k];
      if (t.type === 'word' && !t.parts && WHERE_END.has(t.upper)) break;
      if (isOp(t, ')', ';')) break;
    }
    return [start, Math.min(k, b)];
  }

  private readPredicates(a: number, b: number, inner: boolean): void {
    let s = a;
    let between = false;
    const parts: Array<[number, number]> = [];
    for (let k = a; k < b; k = this.step(k)) {
      const t = this.ts[k];
      if (isKw(t, 'BETWEEN')) between = true;
      else if (isKw(t, 'AND') && between) between = false;
      else if (isKw(t, 'AND', 'OR', 'XOR') || isOp(t, '&&')) {
        parts.push([s, k]);
        s = k + 1;
      }
    }
    parts.push([s, b]);
    for (let [ps, pe] of parts) {
      while (ps < pe && (isKw(this.ts[ps], 'NOT') || isOp(this.ts[ps], '!'))) ps++;
      if (ps >= pe) continue;
      if (isOp(this.ts[ps], '(') && this.match[ps] === pe - 1 && !this.startsQuery(ps + 1)) {
        this.readPredicates(ps + 1, pe - 1, inner);
        continue;
      }
      this.readLeaf(ps, pe, inner);
    }
  }

  private readLeaf(a: number, b: number, inner: boolean): void {
    const columns: string[] = [];
    const subs: Array<[number, number]> = [];
    let exists = false;
    let notIn = false;
    let nullTest = false;
    const visit = (x: number, y: number): void => {
      for (let k = x; k < y; k++) {
        const t = this.ts[k];
        if (isKw(t, 'EXISTS')) exists = true;
        if (isKw(t, 'NULL') && (isKw(this.ts[k - 1], 'IS') || (isKw(this.ts[k - 1], 'NOT') && isKw(this.ts[k - 2], 'IS')))) nullTest = true;
        if (isOp(t, '(')) {
          const m = Math.min(this.match[k], y);
          if (this.startsQuery(k + 1)) {
            subs.push([k + 1, m]);
            if (isKw(this.ts[k - 1], 'IN') && isKw(this.ts[k - 2], 'NOT')) notIn = true;
          } else if (!isKw(this.ts[k - 1], 'AGAINST')) visit(k + 1, m); // `AGAINST (? IN BOOLEAN MODE)` names no column
          k = m;
          continue;
        }
        const name = this.columnAt(k);
        if (name !== null) columns.push(name);
      }
    };
    visit(a, b);
    const p: Predicate = exists ? { columns: [], exists: true } : { columns: [...new Set(columns)] };
    if (notIn) p.notInSubquery = true;
    if (nullTest) p.nullTest = true;
    if (inner) p.inner = true;
    this.predicates.push(p);
    for (const [x, y] of subs) {
      this.readQuery(x, y);
      let k = x;
      while (isOp(this.ts[k], '(')) k++;
      const where = this.whereRange(k, y);
      if (where) this.readPredicates(where[0], where[1], true);
    }
  }

  /** The column a token in a predicate names, or null (keyword, function, qualifier, value, type). */
  private columnAt(k: number): string | null {
    const t = this.ts[k];
    const prev = this.ts[k - 1];
    const next = this.ts[k + 1];
    if (isOp(next, '.') || isOp(prev, '::') || isKw(prev, 'COLLATE', 'AS')) return null;
    if (t.role === 'ident') return isOp(next, '(') ? null : (t.name ?? null);
    if (t.type === 'quoted') {
      if (t.parts) return null;
      if (t.quote === '`' || this.dquoteIsIdent || isOp(prev, '.')) return (t.value ?? '').toLowerCase();
      const before = next && (COMPARISON.has(next.text) || isKw(next, 'IS', 'IN', 'LIKE', 'BETWEEN', 'NOT'));
      return before ? (t.value ?? '').toLowerCase() : null;
    }
    if (t.type !== 'word' || t.parts || NOT_COLUMNS.has(t.upper) || t.text.startsWith('@')) return null;
    if (isOp(next, '(')) return null;
    if (isKw(this.ts[k - 2], 'INTERVAL')) return null; // `INTERVAL 1 DAY`
    return t.text.toLowerCase();
  }
}
