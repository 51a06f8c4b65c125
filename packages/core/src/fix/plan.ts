/**
 * Which rewrites remove the race a finding reports, built from the pair (or locking read), the SQL and
 * the host's answers about the code around it. Every strategy either returns a complete fix or refuses
 * with a reason; the reasons make the recipe when nothing is offered.
 *
 * - lock: `FOR UPDATE` on the SELECT, and when read and write are not yet in one transaction, the
 *   statements from the read to the last write depending on it wrapped in one (driver idiom, host).
 * - conditional: the guard's comparison moved into the write's WHERE (the guard stays as a fast path)
 *   and the affected-row count checked with the guard's own exit; for a write that is already
 *   conditional, only the check.
 * - upsert: the INSERT after "no row found" becomes `ON CONFLICT … DO NOTHING` / `INSERT IGNORE`,
 *   checked like the guard; an insert-else-update becomes one upsert.
 * - transaction: a locking read under autocommit and the writes depending on it wrapped in one.
 */
import type { FileAnalysis, RuleHit, RuleModule } from '../rule.js';
import type { Pair, LockingReadSite } from '../analysis/types.js';
import { isKeyColumn } from '../sql/conditional.js';
import type { Dialect, QueryEvent } from '../model.js';
import { normalizeEdits } from './edits.js';
import type { CompareOp, ExitPath, FixHost, Guard, GuardTerm, GuardValue } from './host.js';
import { makeFix, type FixMessageId } from './messages.js';
import { recipe } from './recipes.js';
import {
  conditionalEdits,
  equalityKeys,
  incrementSource,
  insertedValueSource,
  lockingEdit,
  sameValue,
  selectedColumns,
  setValueSources,
  uniqueConstraintDdl,
  upsertEdits,
  type Predicate,
  type SelectedColumns,
} from './sql-edits.js';
import { isRefusal, type Fix, type FixEdit, type FixKind, type FixPlan, type Refusal } from './types.js';

export interface FixContext {
  host: FixHost;
  /** The analysis of the file the host holds (pairs sharing a read are fixed together). */
  analysis: FileAnalysis;
}

/** The fixes for one rule hit, preferred first (only of the kinds in `only`, when given); a recipe when none is safe. */
export function planFixes(rule: RuleModule, hit: RuleHit, ctx: FixContext, only?: readonly FixKind[]): FixPlan {
  const dialect = hit.pair?.dialect ?? hit.site?.file.dialect;
  const kinds = preferenceOrder(rule.fixes ?? [], dialect).filter((k) => !only || only.includes(k));
  const fixes: Fix[] = [];
  const reasons: string[] = [];
  const applicable: FixKind[] = [];
  for (const kind of kinds) {
    const planned = hit.pair ? planPair(kind, hit.pair, ctx) : hit.site && kind === 'transaction' ? planTransaction(hit.site, ctx) : null;
    if (!planned) continue;
    applicable.push(kind);
    if (isRefusal(planned)) reasons.push(planned.refused);
    else if (!fixes.some((f) => sameEdits(f.edits, planned.edits))) fixes.push(planned);
  }
  if (fixes.length) return { fixes };
  if (only && !applicable.length) return { fixes, recipe: `No ${only.join(' or ')} fix applies to this finding.` };
  return { fixes, recipe: recipe(rule.id, applicable, reasons, dialect) };
}

/** SQLite has no locking reads: a conditional write comes first there. */
function preferenceOrder(kinds: readonly FixKind[], dialect: Dialect | undefined): FixKind[] {
  if (dialect !== 'sqlite' || !kinds.includes('conditional')) return [...kinds];
  return ['conditional', ...kinds.filter((k) => k !== 'conditional')];
}

function sameEdits(a: readonly FixEdit[], b: readonly FixEdit[]): boolean {
  return a.length === b.length && a.every((e, i) => e.offset === b[i].offset && e.endOffset === b[i].endOffset && e.text === b[i].text);
}

/**
 * One kind of fix for a pair: the fix, why it cannot be made, or null when the kind does not apply
 * to this pair at all (a lock for an INSERT, an upsert for an UPDATE that has no INSERT sibling).
 */
function planPair(kind: FixKind, pair: Pair, ctx: FixContext): Fix | Refusal | null {
  const insert = pair.write.query.sql.kind === 'insert';
  switch (kind) {
    case 'lock':
      if (insert || pair.dialect === 'sqlite') return null;
      return isDirect(pair) ? planLock(pair, ctx) : HELPER;
    case 'conditional':
      if (insert) return null;
      return isDirect(pair) ? planConditional(pair, ctx) : HELPER;
    case 'upsert':
      if (!insert && !hasInsertSibling(pair, ctx)) return null;
      if (!isDirect(pair)) return HELPER;
      return insert ? (planUpsert(pair, ctx) ?? planMerge(pair, ctx)) : planMerge(pair, ctx);
    case 'transaction':
      return null;
  }
}

const HELPER: Refusal = { refused: 'the read or the write runs inside a helper function' };

function hasInsertSibling(pair: Pair, ctx: FixContext): boolean {
  return writesOfRead(pair.read.query, ctx, pair).some((p) => p.write.query.sql.kind === 'insert');
}

/** Read and write are statements of the deciding unit itself, not of helpers it calls. */
function isDirect(pair: Pair): boolean {
  return pair.read.via.length === 0 && pair.write.via.length === 0 && pair.read.unit === pair.unit && pair.write.unit === pair.unit;
}

function baseData(pair: Pair): Record<string, string> {
  return {
    table: pair.table,
    readLine: String(pair.read.query.loc.line),
    writeLine: String(pair.write.query.loc.line),
    writeKind: pair.write.query.sql.kind.toUpperCase(),
  };
}

function fix(kind: FixKind, messageId: FixMessageId, data: Record<string, string>, edits: FixEdit[]): Fix | Refusal {
  const sorted = normalizeEdits(edits);
  if (!sorted) return { refused: 'the parts of the rewrite overlap' };
  return makeFix(kind, messageId, data, sorted);
}

const UNKNOWN_DIALECT = 'the SQL dialect is not known (set it with --dialect or the rule option `dialect`)';

// ---- lock ------------------------------------------------------------------------------------

/** The writes of the unit that depend on the same read (all of them go into the transaction). */
function writesOfRead(read: QueryEvent, ctx: FixContext, pair: Pair): Pair[] {
  return ctx.analysis.pairs.filter((p) => p.unit === pair.unit && p.read.query === read);
}

function planLock(pair: Pair, ctx: FixContext): Fix | Refusal {
  const dialect = pair.dialect;
  if (!dialect) return { refused: UNKNOWN_DIALECT };
  const read = pair.read.query;
  const edits: FixEdit[] = [];
  if (!read.sql.locking) {
    const lock = lockingEdit({ host: ctx.host, file: pair.file }, read, dialect);
    if (isRefusal(lock)) return lock;
    edits.push(lock);
  }
  const data = baseData(pair);
  if (pair.tx) return edits.length ? fix('lock', 'fixLock', data, edits) : { refused: 'the read already locks' };
  const wrapped = wrapWrites(pair.unit, read, writesOfRead(read, ctx, pair), ctx);
  if (isRefusal(wrapped)) return wrapped;
  return fix('lock', 'fixLockInTransaction', { ...data, ...wrapped.data }, [...edits, ...wrapped.edits]);
}

function wrapWrites(unit: Pair['unit'], read: QueryEvent, pairs: readonly Pair[], ctx: FixContext): { edits: FixEdit[]; data: Record<string, string> } | Refusal {
  if (pairs.some((p) => p.read.tx || p.write.tx)) return { refused: 'part of the code already runs in a transaction' };
  if (pairs.some((p) => !isDirect(p))) return { refused: 'a write that depends on the read runs inside a helper function' };
  const wrap = ctx.host.wrapInTransaction(unit, read, pairs.map((p) => p.write.query));
  if (isRefusal(wrap)) return wrap;
  return { edits: wrap.edits, data: { idiom: wrap.idiom, fromLine: String(wrap.fromLine), toLine: String(wrap.toLine) } };
}

// ---- transaction (locking read under autocommit) -----------------------------------------------

function planTransaction(site: LockingReadSite, ctx: FixContext): Fix | Refusal {
  const read = site.step.query;
  const pairs = ctx.analysis.pairs.filter((p) => p.unit === site.unit && p.read.query === read);
  if (pairs.length === 0) return { refused: 'no write depends on the locking read' };
  const wrapped = wrapWrites(site.unit, read, pairs, ctx);
  if (isRefusal(wrapped)) return wrapped;
  const data = { table: site.step.query.sql.tables[0] ?? 'table', readLine: String(read.loc.line), ...wrapped.data };
  return fix('transaction', 'fixTransaction', data, wrapped.edits);
}

// ---- conditional write -------------------------------------------------------------------------

const NEGATE: Readonly<Record<CompareOp, CompareOp>> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** A comparison of a COUNT(*) alias with 0 or 1 asks whether rows exist: `n > 0` holds when one was found. */
function countPresence(term: Extract<GuardTerm, { kind: 'compare' }>, columns: SelectedColumns | undefined): GuardTerm {
  if (!columns?.counts.has(term.column.toLowerCase()) || term.value.kind !== 'number') return term;
  const n = Number(term.value.text);
  const found: Record<string, boolean | undefined> = { '>0': true, '>=1': true, '<>0': true, '=0': false, '<1': false, '<=0': false };
  const f = found[`${term.op}${n}`];
  return f === undefined ? { kind: 'opaque' } : { kind: 'presence', found: f };
}

/** The SQL predicates that hold when the write may run, from the guards; a refusal when a term cannot be written in SQL. */
function predicatesOf(guards: readonly Guard[], columns: SelectedColumns): Predicate[] | Refusal {
  const out: Predicate[] = [];
  for (const g of guards) {
    for (const raw of g.terms) {
      const term = raw.kind === 'compare' ? countPresence(raw, columns) : raw;
      if (term.kind === 'presence') {
        if (term.found !== (g.kind === 'enclose')) return { refused: `the check at line ${g.line} runs the write when no row was found` };
        continue;
      }
      if (term.kind === 'opaque') return { refused: `the check at line ${g.line} cannot be written in SQL` };
      const column = columns.all ? term.column.toLowerCase() : columns.byName.get(term.column.toLowerCase());
      if (!column) return { refused: `\`${term.column}\` at line ${g.line} is not a column the SELECT reads` };
      if (term.kind === 'null') {
        const isNull = g.kind === 'exit' ? !term.isNull : term.isNull;
        out.push({ column, op: isNull ? 'IS NULL' : 'IS NOT NULL' });
      } else {
        const value = term.value.kind === 'column' ? columnValue(term.value.column, columns) : term.value;
        if (!value) return { refused: `\`${term.value.kind === 'column' ? term.value.column : ''}\` at line ${g.line} is not a column the SELECT reads` };
        out.push({ column, op: g.kind === 'exit' ? NEGATE[term.op] : term.op, value });
      }
    }
  }
  return out;
}

/** A compared column as SQL names it. */
function columnValue(name: string, columns: SelectedColumns): GuardValue | undefined {
  const column = columns.all ? name.toLowerCase() : columns.byName.get(name.toLowerCase());
  return column ? { kind: 'column', column } : undefined;
}

/** The exit to repeat when the write changes no row: the last guard's that re-checks a column, else the last guard's. */
function exitOf(guards: readonly Guard[], withColumns: boolean): { exit: ExitPath; guard: Guard } | undefined {
  const candidates = guards.filter((g) => g.exit && (!withColumns || g.terms.some((t) => t.kind === 'compare' || t.kind === 'null')));
  const guard = candidates[candidates.length - 1] ?? (withColumns ? undefined : guards.filter((g) => g.exit).pop());
  return guard?.exit ? { exit: guard.exit, guard } : undefined;
}

function mentions(source: string, names: ReadonlySet<string>): boolean {
  for (const name of names) {
    const escaped = name.replace(/[$]/g, '\\$');
    if (new RegExp(`(^|[^\\w$])${escaped}(?![\\w])`).test(source)) return true;
  }
  return false;
}

function planConditional(pair: Pair, ctx: FixContext): Fix | Refusal {
  const { host } = ctx;
  const read = pair.read.query;
  const write = pair.write.query;
  const guards = host.guards(pair.unit, read, write);
  if (!guards) return { refused: 'the check between the read and the write is not in a shape tocscan rewrites' };
  const returning = /\bRETURNING\b/i.test(write.sql.normalized);
  const data = baseData(pair);

  if (write.sql.conditional) {
    const chosen = exitOf(guards, false);
    if (!chosen) return { refused: 'no check before the write leaves the function, so there is no error path to repeat' };
    const check = host.rowsCheck(pair.unit, write, chosen.exit, returning);
    if (isRefusal(check)) return check;
    return fix('conditional', 'fixCheckRows', { ...data, count: check.count, guardLine: String(chosen.guard.line) }, check.edits);
  }

  if (pair.shape === 'lost-update') return { refused: 'the write stores a value computed from the read: lock the row, or write relative to the stored value (SET col = col - ?)' };
  const columns = selectedColumns(read, host.text);
  if (!columns) return { refused: 'the SELECT reads several tables or computed columns' };
  const predicates = predicatesOf(guards, columns);
  if (isRefusal(predicates)) return predicates;
  if (!predicates.some((p) => !isKeyColumn(p.column))) return { refused: 'the check only tests whether the row exists' };
  const names = host.readNames(pair.unit, read, write);
  const setSources = setValueSources(host, write);
  if (!setSources || setSources.some((s) => mentions(s, names))) return { refused: 'the write stores a value computed from the read' };
  const chosen = exitOf(guards, true);
  if (!chosen) return { refused: 'the check does not leave the function, so there is no error path to repeat' };
  if (host.effectsBefore(chosen.guard.bodyStart, write)) return { refused: 'other effects run between the check and the write' };
  const where = conditionalEdits({ host, file: pair.file }, write, predicates);
  if (isRefusal(where)) return where;
  const check = host.rowsCheck(pair.unit, write, chosen.exit, returning);
  if (isRefusal(check)) return check;
  const fixData = { ...data, predicate: where.sql.replace(/^AND /, ''), count: check.count, guardLine: String(chosen.guard.line) };
  return fix('conditional', 'fixConditional', fixData, [...where.edits, ...check.edits]);
}

// ---- upsert ------------------------------------------------------------------------------------

function upsertData(pair: Pair, dialect: Dialect, keys: readonly string[], form: string, prefixed: boolean): Record<string, string> {
  const { ddl } = uniqueConstraintDdl(pair.table, keys, dialect);
  return { ...baseData(pair), form, columns: keys.join(', '), ddl: prefixed ? `${ddl} (with the table prefix your code adds)` : ddl };
}

/** Insert after an exit guard that leaves when a row was found: the insert skips duplicates, and the guard's exit runs when it did. */
function planUpsert(pair: Pair, ctx: FixContext): Fix | Refusal | undefined {
  const { host } = ctx;
  const dialect = pair.dialect;
  if (!dialect) return { refused: UNKNOWN_DIALECT };
  const read = pair.read.query;
  const write = pair.write.query;
  const keys = equalityKeys(read, host.text);
  if (!keys) return { refused: "the SELECT's WHERE is not a list of equalities a unique constraint could enforce" };
  const guards = host.guards(pair.unit, read, write);
  if (!guards?.length) return { refused: 'the check between the read and the insert is not in a shape tocscan rewrites' };
  const columns = selectedColumns(read, host.text);
  const enclosing = guards.filter((g) => g.kind === 'enclose');
  if (enclosing.length) return enclosing.length === guards.length ? planUpsertInBranch(pair, ctx, guards, keys, columns) : undefined;
  const presenceOnly = guards.every((g) =>
    g.terms.every((t) => {
      const term = t.kind === 'compare' ? countPresence(t, columns) : t;
      return term.kind === 'presence' && term.found;
    }),
  );
  if (!presenceOnly) return { refused: 'the check is not just "a row exists" (a limit or a state is checked)' };
  const chosen = exitOf(guards, false);
  if (!chosen) return { refused: 'the check does not leave the function' };
  if (chosen.exit.usesRead) return { refused: 'what the code does when the row exists uses the row, which the upsert does not return' };
  // Code between the check and the INSERT ran before for a duplicate too; only other database work
  // there would now happen without its row.
  const between = pair.unit.events.filter((e) => e.loc.offset >= chosen.guard.bodyStart && e.loc.offset < write.loc.offset && e !== write);
  if (between.some((e) => e.type !== 'lock')) return { refused: 'other statements run between the check and the insert' };
  const upsert = upsertEdits({ host, file: pair.file }, write, dialect, keys);
  if (isRefusal(upsert)) return upsert;
  const check = host.rowsCheck(pair.unit, write, chosen.exit, upsert.returning);
  if (isRefusal(check)) return check;
  const data = { ...upsertData(pair, dialect, keys, upsert.form, upsert.prefixed), onDuplicate: `, and when it inserts nothing (${check.count}) leave as the check at line ${chosen.guard.line} does` };
  return fix('upsert', 'fixUpsert', data, [...upsert.edits, ...check.edits]);
}

/**
 * `if (!row) { …; INSERT }` with nothing after the INSERT in the branch and no `else`: the INSERT skips
 * duplicates and the code goes on as it did when the row existed. Undefined (try the merge) otherwise.
 */
function planUpsertInBranch(pair: Pair, ctx: FixContext, guards: readonly Guard[], keys: readonly string[], columns: SelectedColumns | undefined): Fix | Refusal | undefined {
  const absent = (t: GuardTerm) => {
    const term = t.kind === 'compare' ? countPresence(t, columns) : t;
    return term.kind === 'presence' && !term.found;
  };
  const absentOnly = guards.every((g) => g.writeLast && g.terms.every(absent));
  if (!absentOnly) return undefined;
  const upsert = upsertEdits({ host: ctx.host, file: pair.file }, pair.write.query, pair.dialect!, keys);
  if (isRefusal(upsert)) return upsert;
  if (upsert.returning) return { refused: 'the INSERT returns rows, which it would not on a duplicate' };
  const data = { ...upsertData(pair, pair.dialect!, keys, upsert.form, upsert.prefixed), onDuplicate: '' };
  return fix('upsert', 'fixUpsert', data, upsert.edits);
}

/** `if (!row) INSERT … else UPDATE … SET col = col + x` (x the inserted value): one upsert that adds x on a duplicate. */
function planMerge(pair: Pair, ctx: FixContext): Fix | Refusal {
  const { host } = ctx;
  const dialect = pair.dialect;
  if (!dialect) return { refused: UNKNOWN_DIALECT };
  const read = pair.read.query;
  const siblings = writesOfRead(read, ctx, pair).filter(isDirect).map((p) => p.write.query);
  const insert = siblings.find((q) => q.sql.kind === 'insert');
  const update = siblings.find((q) => q.sql.kind === 'update');
  if (!insert || !update) return { refused: 'there is no insert-or-update of the row to merge into an upsert' };
  const keys = equalityKeys(read, host.text);
  if (!keys) return { refused: "the SELECT's WHERE is not a list of equalities a unique constraint could enforce" };
  const column = update.sql.relativeSets.length === 1 && update.sql.relativeSets[0].op === '+' ? update.sql.relativeSets[0].column : undefined;
  if (!column || update.sql.setColumns.length !== 1) return { refused: 'the UPDATE does more than add to one column' };
  if (!sameValue(incrementSource(host, update, column), insertedValueSource(host, insert, column))) {
    return { refused: 'the UPDATE adds another value than the INSERT stores' };
  }
  const shape = host.insertOrUpdate(pair.unit, read, insert, update);
  if (isRefusal(shape)) return shape;
  const upsert = upsertEdits({ host, file: pair.file }, insert, dialect, keys, column);
  if (isRefusal(upsert)) return upsert;
  return fix('upsert', 'fixMergeUpsert', upsertData(pair, dialect, keys, upsert.form, upsert.prefixed), [...shape.keepInsert, ...upsert.edits]);
}
