/**
 * When is a write conditional? Both readers (parsed and tolerant) describe a WHERE as a list of leaf
 * predicates; this module decides from that list, so the two agree.
 *
 * An UPDATE/DELETE is conditional when its WHERE re-checks something beyond the row's identity:
 * - a predicate compares a column that is not key-like (`qty >= ?`, `status = 'pending'`,
 *   `version = ?`, `balance >= ?`, `used = 0`, `used_at IS NULL`, `expires_at > NOW()`), or
 * - it has an `EXISTS (…)` / `NOT EXISTS (…)` predicate, or
 * - a sub-select in it (`id IN (SELECT … WHERE status = 'queued')`) has such a predicate itself.
 *
 * A NULL test (`col IS NULL`, `col IS NOT NULL`) re-checks state whatever the column (`assignee_id IS
 * NULL` claims an unassigned row), except on a soft-delete marker (below).
 *
 * Key-like columns identify rows and carry no decided value: `id`, `*_id`, camelCase `*Id`/`*ID`,
 * lower-case `*id` of 6+ letters that is not an English word ending in "id" (`userid`, `productid`;
 * not `paid`, `valid`), `uuid`, `guid`, `pk`, `*_uuid`, `*_guid`, `*_pk`, `key`, `*_key`, `*Key`,
 * `code`, `*_code`, `slug`, `email`, `username`, `token`, `*_token`, `sku`, and soft-delete
 * markers (`deleted_at`, `deleted`, `is_deleted`, `deleted_on`, `deletedAt`, `trashed_at`, `archived_at`): a
 * soft-delete filter only hides deleted rows, so `WHERE id = ? AND deleted_at IS NULL` is NOT
 * conditional, while `WHERE id = ? AND used_at IS NULL` is (it re-checks that the row is unused).
 * A name that mentions a status or state is never key-like (`order_status_id = 1` re-checks a status).
 *
 * An INSERT … SELECT is conditional when its SELECT's WHERE has an `EXISTS`/`NOT EXISTS` predicate or
 * a `NOT IN (SELECT …)`: the insert-if-absent test is inside the statement.
 */

export interface Predicate {
  /** Columns the leaf predicate mentions (lower-cased, unqualified); sub-selects excluded. */
  columns: string[];
  /** `EXISTS (…)` / `NOT EXISTS (…)`. */
  exists?: boolean;
  /** `IS NULL` / `IS NOT NULL`. */
  nullTest?: boolean;
  /** `NOT IN (SELECT …)`. */
  notInSubquery?: boolean;
  /** The predicate belongs to a sub-select of the WHERE, not the statement's own WHERE. */
  inner?: boolean;
}

const ENGLISH_ID_WORDS = new Set([
  'paid', 'unpaid', 'prepaid', 'postpaid', 'overpaid', 'underpaid', 'valid', 'invalid', 'void', 'avoid', 'bid', 'rapid', 'fluid',
  'liquid', 'solid', 'humid', 'rigid', 'vivid', 'timid', 'acid', 'lucid', 'hybrid', 'android', 'said', 'laid', 'maid', 'raid',
  'aid', 'kid', 'lid', 'rid', 'grid', 'squid', 'druid', 'hid', 'mid', 'covid', 'stupid', 'candid', 'splendid', 'orchid',
  'pyramid', 'morbid', 'intrepid', 'insipid', 'torrid', 'florid', 'horrid', 'languid', 'placid', 'rancid', 'sordid',
]);

const ENGLISH_KEY_WORDS = new Set(['monkey', 'turkey', 'hockey', 'whiskey', 'jockey', 'donkey', 'husky']);

const KEY_NAMES = new Set(['id', 'uuid', 'guid', 'uid', 'oid', 'pk', 'key', 'code', 'slug', 'email', 'username', 'token', 'sku']);
const SOFT_DELETE = new Set(['deleted_at', 'deleted', 'is_deleted', 'deleted_on', 'deletedat', 'trashed_at', 'archived_at', 'deleted_date']);
const KEY_SUFFIXES = ['_id', '_uuid', '_guid', '_pk', '_key', '_code', '_token'];

/** True for columns that identify a row (see the module comment). Accepts any case. */
export function isKeyColumn(column: string): boolean {
  const raw = column.replace(/^.*[.>]/, ''); // `t.col`, a hole name like `$this->primaryKey`
  const c = raw.toLowerCase();
  if (KEY_NAMES.has(c) || SOFT_DELETE.has(c)) return true;
  if (c.includes('status') || c.includes('state')) return false;
  if (KEY_SUFFIXES.some((s) => c.endsWith(s))) return true;
  if (/[a-z0-9](Id|ID|Uuid|UUID|Key|Pk|PK)$/.test(raw)) return true;
  if (c.endsWith('key') && !ENGLISH_KEY_WORDS.has(c)) return true;
  return /^[a-z]{4,}id$/.test(c) && !ENGLISH_ID_WORDS.has(c) && !ENGLISH_ID_WORDS.has(c.replace(/^(un|in|re|pre|over|under)/, ''));
}

/** An UPDATE/DELETE WHERE is conditional (see the module comment). */
export function isConditionalWhere(predicates: readonly Predicate[]): boolean {
  return predicates.some((p) => p.exists || p.columns.some((c) => (p.nullTest ? !isSoftDeleteColumn(c) : !isKeyColumn(c))));
}

function isSoftDeleteColumn(column: string): boolean {
  return SOFT_DELETE.has(column.replace(/^.*[.>]/, '').toLowerCase());
}

/** An INSERT … SELECT guards itself (see the module comment). */
export function isConditionalInsert(predicates: readonly Predicate[]): boolean {
  return predicates.some((p) => !p.inner && (p.exists || p.notInSubquery));
}

/** Columns of the statement's own WHERE, in order of appearance, without repeats. */
export function whereColumnsOf(predicates: readonly Predicate[]): string[] {
  const out = new Set<string>();
  for (const p of predicates) if (!p.inner) for (const c of p.columns) out.add(c);
  return [...out];
}
