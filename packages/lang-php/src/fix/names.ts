/**
 * Which variables hold a read's result (`$row`, the statement handle `$stmt`, `$res`) or values taken
 * from it, which column a variable stands for (`$balance = $row['balance']`), and what a read-derived
 * expression is: the row, a count of rows, or one column.
 */
import { is, variableName, type Call, type PhpNode } from '../ast.js';
import { end, nodesIn, start, type PhpTree } from './tree.js';

export interface ReadNames {
  /** `$`-prefixed variable names. */
  all: Set<string>;
  columns: Map<string, string>;
}

export function varName(n: PhpNode | null | undefined): string | undefined {
  const v = variableName(n);
  return v === undefined || v === 'this' ? undefined : `$${v}`;
}

/** `n` mentions one of `names` as a variable. */
export function mentions(n: PhpNode, names: ReadonlySet<string>): boolean {
  for (const m of nodesIn(n, true)) {
    const v = varName(m);
    if (v && names.has(v)) return true;
  }
  return false;
}

const ROW_FETCHERS = /^(fetch|fetch_assoc|fetch_object|fetch_array|fetch_row|fetchColumn|fetchAssociative|fetchOne|fetchNumeric|first|get_result|mysqli_fetch_assoc|mysqli_fetch_object|mysqli_fetch_array|mysqli_fetch_row|mysqli_stmt_get_result|pg_fetch_assoc|pg_fetch_object|pg_fetch_row|mysql_fetch_assoc|mysql_fetch_array|mysql_fetch_object|current|reset)$/i;
const COUNTERS = /^(count|mysqli_num_rows|mysql_num_rows|pg_num_rows|rowCount|num_rows|sizeof)$/i;

function calleeName(call: Call): string | undefined {
  const what = call.what;
  if (is(what, 'name')) return what.name.replace(/^.*\\/, '');
  if ((is(what, 'propertylookup') || is(what, 'nullsafepropertylookup') || is(what, 'staticlookup')) && is(what.offset, 'identifier')) return what.offset.name;
  return undefined;
}

function receiverOf(call: Call): PhpNode | undefined {
  const what = call.what;
  return is(what, 'propertylookup') || is(what, 'nullsafepropertylookup') ? what.what : undefined;
}

export type Ref = { kind: 'row' } | { kind: 'count' } | { kind: 'column'; column: string };

/** What a read-derived expression stands for; undefined when it does not derive from the read (or is something else). */
export function refOf(n: PhpNode, names: ReadNames): Ref | undefined {
  let e: PhpNode = n;
  while (is(e, 'cast')) e = e.expr;
  const v = varName(e);
  if (v !== undefined) {
    if (!names.all.has(v)) return undefined;
    const column = names.columns.get(v);
    return column ? { kind: 'column', column } : { kind: 'row' };
  }
  if (is(e, 'call')) {
    const name = calleeName(e) ?? '';
    const subject = receiverOf(e) ?? e.arguments?.[0];
    if (!subject || !isRowLike(subject, names)) return undefined;
    if (COUNTERS.test(name)) return { kind: 'count' };
    if (ROW_FETCHERS.test(name)) return { kind: 'row' };
    return undefined;
  }
  if (is(e, 'propertylookup') || is(e, 'nullsafepropertylookup')) {
    const key = is(e.offset, 'identifier') ? e.offset.name : undefined;
    if (!key || !isRowLike(e.what, names)) return undefined;
    return COUNTERS.test(key) ? { kind: 'count' } : key === 'row' ? { kind: 'row' } : { kind: 'column', column: key };
  }
  if (is(e, 'offsetlookup')) {
    const key = is(e.offset, 'string') ? e.offset.value : undefined;
    if (!key || !isRowLike(e.what, names)) return undefined;
    return { kind: 'column', column: key };
  }
  return undefined;
}

/** A row (or a handle or result set one is fetched from): a read name, or a fetch on one. */
function isRowLike(n: PhpNode, names: ReadNames): boolean {
  const ref = refOf(n, names);
  if (ref?.kind === 'row') return true;
  if (is(n, 'propertylookup') && is(n.offset, 'identifier') && n.offset.name === 'row') return isRowLike(n.what, names);
  return false;
}

/**
 * Names bound from the read call (its assignment target; for `$stmt->execute()` the statement), then,
 * in source order up to `before`, variables assigned from expressions that mention them.
 */
export function readNames(tree: PhpTree, fn: PhpNode, readCall: Call, before: number): ReadNames {
  const out: ReadNames = { all: new Set(), columns: new Map() };
  const parent = tree.parent(readCall);
  const target = is(parent, 'assign') && parent.right === readCall ? varName(parent.left) : undefined;
  if (target) out.all.add(target);
  const name = calleeName(readCall);
  const handle = /^(execute|mysqli_stmt_execute)$/i.test(name ?? '') ? varName(receiverOf(readCall) ?? readCall.arguments?.[0]) : undefined;
  if (handle) out.all.add(handle);
  const later = [...nodesIn(fn)].filter((n) => start(n) >= end(readCall) && start(n) < before).sort((a, b) => start(a) - start(b));
  // `$stmt->bind_result($stock)`: the row lands in the variables.
  for (const n of later) {
    if (is(n, 'call') && /^(bind_result|mysqli_stmt_bind_result)$/i.test(calleeName(n) ?? '') && mentions(n, out.all)) {
      for (const a of n.arguments ?? []) if (varName(a) && !out.all.has(varName(a)!)) out.all.add(varName(a)!);
    }
  }
  const assigns = later.filter((n) => is(n, 'assign'));
  for (const a of assigns) {
    if (!is(a, 'assign') || !a.right || a.operator !== '=' || !mentions(a.right, out.all)) continue;
    const ref = refOf(a.right, out);
    // Only values taken from the row; what another query returns for it (`$db->query(… $row['id'] …)`) is not the row.
    if (!ref && [...nodesIn(a.right)].some((n) => is(n, 'call') || is(n, 'new'))) continue;
    const v = varName(a.left);
    if (v) {
      out.all.add(v);
      if (ref?.kind === 'column') out.columns.set(v, ref.column);
    } else if (is(a.left, 'list') || is(a.left, 'array')) {
      for (const item of a.left.items ?? []) {
        const iv = varName(is(item, 'entry') ? item.value : item);
        if (iv) out.all.add(iv);
      }
    }
  }
  return out;
}
