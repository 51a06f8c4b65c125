/**
 * Calls: driver APIs (queries, prepared statements, transactions, affected-row counts), SQL builders
 * (`sprintf`, `$wpdb->prepare`), inline callbacks, helpers defined in the file, and everything else.
 */
import { isKeyColumn } from '@tocscan/core';
import type { Deps, Isolation, SqlFacts, SqlPiece } from '@tocscan/core';
import { is } from './ast.js';
import type { ArrowFunc, Call, Closure, New, PhpNode } from './ast.js';
import { calleeOf, eventCallee } from './callee.js';
import type { CalleeInfo } from './callee.js';
import { configuredDriverCall } from './configured.js';
import { classifyCall, genericResult } from './drivers.js';
import type { DriverCall, ResultKind, SynthWrite } from './drivers.js';
import type { Interp } from './interp.js';
import { endLoc, exprLoc, locOf, sourceOf } from './loc.js';
import { isHelper } from './scan.js';
import { formatPieces, hole, isSqlText, piecesOf } from './sql-text.js';
import { EMPTY, dataDeps, derive, eventCount, eventData, eventHandle, union, unionAll } from './value.js';
import type { Prepared, SqlText, Val } from './value.js';

const WRITE_KINDS = new Set(['insert', 'update', 'delete', 'upsert']);

interface Ctx {
  ip: Interp;
  call: Call;
  info: CalleeInfo;
  args: PhpNode[];
  recv: Val;
  vals: Val[];
}

function classify(ip: Interp, info: CalleeInfo): DriverCall | undefined {
  return configuredDriverCall(ip.file, info) ?? classifyCall(info, info.selfCall && isHelper(ip.file, info.name));
}

/** A call that never returns (`abort()`, `wp_die()`, `wp_send_json()`). */
export function isExitCall(ip: Interp, call: Call): boolean {
  return classify(ip, calleeOf(call, ip.file.text))?.op === 'exit';
}

function unwrapArg(arg: PhpNode | undefined): PhpNode | undefined {
  return is(arg, 'namedargument') ? arg.value : arg;
}

function inlineFn(ip: Interp, arg: PhpNode | undefined): Closure | ArrowFunc | undefined {
  const fn = unwrapArg(arg);
  return (is(fn, 'closure') || is(fn, 'arrowfunc')) && ip.file.inline.has(fn) ? fn : undefined;
}

export function evalCall(ip: Interp, call: Call): Val {
  const info = calleeOf(call, ip.file.text);
  const desc = classify(ip, info);
  const args = call.arguments ?? [];
  const recv = info.receiver && info.staticClass === undefined ? ip.eval(info.receiver) : EMPTY;
  if (desc?.op === 'txCallback' || desc?.op === 'arrayCallback') {
    const fn = inlineFn(ip, args[desc.fnArg]);
    if (fn) {
      const vals = args.map((a, i) => (i === desc.fnArg ? EMPTY : ip.eval(a)));
      return desc.op === 'txCallback' ? txCallback(ip, call, info, fn, desc.driver, desc.isolation) : arrayCallback({ ip, call, info, args, recv, vals }, fn, desc);
    }
  }
  if (!info.fn && !info.method && call.what && !is(call.what, 'name')) ip.eval(call.what);
  const vals = args.map((a) => ip.eval(a));
  const ctx: Ctx = { ip, call, info, args, recv, vals };
  const handled = desc ? driverCall(ctx, desc) : undefined;
  if (handled) return handled;
  return fallback(ctx, desc?.op === 'notSql');
}

export function evalNew(ip: Interp, node: New): Val {
  const vals = (node.arguments ?? []).map((a) => ip.eval(a));
  const cls = is(node.what, 'name') ? node.what.name.replace(/^.*\\/, '').toLowerCase() : undefined;
  if (cls === 'pdo') return { ...EMPTY, conn: 'pdo' };
  if (cls === 'mysqli') return { ...EMPTY, conn: 'mysqli' };
  if (cls === 'wpdb') return { ...EMPTY, conn: 'wpdb' };
  return derive(unionAll(vals));
}

/** Handle a classified driver call; undefined when the call turns out not to be one (then the fallback decides). */
function driverCall(ctx: Ctx, desc: DriverCall): Val | undefined {
  const { ip, call, info, args, recv, vals } = ctx;
  switch (desc.op) {
    case 'query': {
      if (args.length <= desc.sqlArg) return undefined;
      const sqlVal = vals[desc.sqlArg];
      if (desc.strict && !isSqlText(sqlVal)) return undefined;
      const binds = desc.bindArgs.map((i) => vals[i] ?? EMPTY);
      return runSql(ctx, sqlOf(ip, args[desc.sqlArg], sqlVal), union(sqlVal, ...binds), desc.driver || connDriver(ip, recv, info), desc.result);
    }
    case 'prepare': {
      if (args.length <= desc.sqlArg) return undefined;
      const sqlVal = vals[desc.sqlArg];
      if (desc.strict && !isSqlText(sqlVal)) return undefined;
      const prepared: Prepared = {
        sql: sqlOf(ip, args[desc.sqlArg], sqlVal),
        taint: unionAll(vals),
        bound: EMPTY,
        api: info.api,
        driver: desc.driver || connDriver(ip, recv, info),
        executions: [],
        resultTargets: [],
      };
      return { ...EMPTY, stmt: prepared };
    }
    case 'execute': {
      const stmt = stmtOf(ctx, desc.stmt);
      if (!stmt) return undefined;
      const binds = desc.bindArgs.map((i) => vals[i] ?? EMPTY);
      const site = ip.site(exprLoc(call, ip.file.text), union(stmt.taint, stmt.bound, ...binds));
      const event = ip.log.sql(site, stmt.sql, stmt.api, stmt.driver);
      if (event.type === 'tx') return EMPTY;
      stmt.executions.push(event.id);
      for (const target of stmt.resultTargets) ip.assign(target, eventData(event.id));
      return eventHandle(event.id);
    }
    case 'bind': {
      const stmt = stmtOf(ctx, desc.stmt);
      if (!stmt) return undefined;
      stmt.bound = union(stmt.bound, ...vals.slice(desc.firstValue));
      return EMPTY;
    }
    case 'bindResult': {
      const stmt = stmtOf(ctx, desc.stmt);
      if (!stmt) return undefined;
      const targets = args.slice(desc.firstTarget).map(unwrapArg).filter((t): t is PhpNode => !!t);
      for (const t of targets) stmt.resultTargets.push(t);
      const last = stmt.executions[stmt.executions.length - 1];
      if (last !== undefined) for (const t of targets) ip.assign(t, eventData(last));
      return EMPTY;
    }
    case 'fromStmt': {
      const source = desc.stmt === 'receiver' ? recv : (vals[desc.stmt] ?? EMPTY);
      const ids = source.stmt?.executions.length ? source.stmt.executions : source.handles;
      if (!ids.length) return desc.as === 'count' ? ip.lastWriteCount() : source.stmt || source.handles.length ? EMPTY : undefined;
      if (desc.as === 'count') return eventCount(ids[ids.length - 1]);
      if (desc.as === 'handle') return { ...EMPTY, handles: ids };
      return { ...EMPTY, ev: ids };
    }
    case 'count': {
      const source = desc.from === 'lastWrite' ? recv : (vals[desc.from] ?? EMPTY);
      const ids = source.stmt?.executions.length ? source.stmt.executions : source.handles;
      return ids.length ? eventCount(ids[ids.length - 1]) : ip.lastWriteCount();
    }
    case 'tx': {
      if (recv.handles.length || recv.stmt) return undefined;
      const isolation = desc.action === 'begin' ? (desc.isolation ?? ip.pendingIsolation) : undefined;
      if (desc.action === 'begin') ip.pendingIsolation = undefined;
      ip.log.tx(ip.site(exprLoc(call, ip.file.text), EMPTY), desc.action, 'call', info.api, { isolation });
      return EMPTY;
    }
    case 'autocommit': {
      const flag = booleanOf(args[desc.arg]);
      if (flag === undefined) return undefined;
      ip.log.tx(ip.site(exprLoc(call, ip.file.text), EMPTY), flag ? 'commit' : 'begin', 'call', info.api);
      return EMPTY;
    }
    case 'synth':
      return synthWrite(ctx, desc.write, desc.driver || connDriver(ip, recv, info));
    case 'sqlString': {
      const v = vals[desc.sqlArg] ?? EMPTY;
      return v.sql ? { ...unionAll(vals), sql: v.sql } : unionAll(vals);
    }
    case 'format':
      return format(ctx, desc.vector);
    case 'exit':
      ip.leave('unit');
      return EMPTY;
    case 'exitIf': {
      const cond = vals[desc.condArg] ?? EMPTY;
      ip.log.markCondition(cond);
      ip.underCondition(cond, () => ip.leave('unit'));
      return EMPTY;
    }
    case 'isolation': {
      const level = isolationOf(sourceOf(ip.file.text, args[desc.arg]));
      if (level) ip.pendingIsolation = level;
      return EMPTY;
    }
    case 'connect':
      return { ...unionAll(vals), conn: desc.conn };
    default:
      return undefined;
  }
}

/** Not a driver call: a generic wrapper when an argument is SQL text, a helper call, or plain data flow. */
function fallback(ctx: Ctx, notSql: boolean): Val {
  const { ip, call, info, args, recv, vals } = ctx;
  const sqlIndex = notSql ? -1 : vals.findIndex(isSqlText);
  if (sqlIndex >= 0) {
    const sqlVal = vals[sqlIndex];
    return runSql(ctx, sqlOf(ip, args[sqlIndex], sqlVal), unionAll(vals), connDriver(ip, recv, info), 'auto');
  }
  const callee = eventCallee(info);
  if (callee && isHelper(ip.file, info.name)) {
    const event = ip.log.call(ip.site(exprLoc(call, ip.file.text), unionAll([recv, ...vals])), callee, helperArgs(ctx));
    return eventData(event.id);
  }
  return unionAll([derive(recv), ...vals].map(derive));
}

/** Argument deps by parameter position (named arguments placed by the helper's parameter names). */
function helperArgs({ ip, info, args, vals }: Ctx): Deps[] {
  const params = ip.file.helpers.get(info.name?.toLowerCase() ?? '') ?? [];
  const out: Deps[] = [];
  args.forEach((a, i) => {
    const at = is(a, 'namedargument') ? params.indexOf(a.name) : i;
    out[at >= 0 ? at : out.length] = dataDeps(vals[i]);
  });
  for (let i = 0; i < out.length; i++) out[i] ??= { events: [], params: [] };
  return out;
}

function runSql(ctx: Ctx, text: SqlText, data: Val, driver: string, result: ResultKind, facts?: Partial<SqlFacts>): Val {
  const { ip, call, info } = ctx;
  const event = ip.log.sql(ip.site(exprLoc(call, ip.file.text), data), text, info.api, driver, facts);
  if (event.type === 'tx') {
    if (event.action === 'begin' && ip.pendingIsolation) {
      event.isolation ??= ip.pendingIsolation;
      ip.pendingIsolation = undefined;
    }
    return EMPTY;
  }
  const isWrite = WRITE_KINDS.has(event.sql.kind);
  const kind = result === 'auto' ? genericResult(info.name ?? '', isWrite) : result;
  if (kind === 'handle') return eventHandle(event.id);
  if (kind === 'count' && isWrite) return eventCount(event.id);
  return eventData(event.id);
}

function sqlOf(ip: Interp, node: PhpNode | undefined, v: Val): SqlText {
  const arg = unwrapArg(node);
  if (v.sql) return v.sql;
  return arg ? { pieces: [hole(arg, ip.file.text)], loc: locOf(arg) } : { pieces: [] };
}

function stmtOf({ recv, vals }: Ctx, ref: 'receiver' | number): Prepared | undefined {
  return ref === 'receiver' ? recv.stmt : vals[ref]?.stmt;
}

/** Driver of a method call on a connection: what the receiver was built as, its name, or the one connection kind in the file. */
function connDriver(ip: Interp, recv: Val, info: CalleeInfo): string {
  if (info.method === undefined) return 'generic';
  if (recv.conn) return recv.conn;
  const text = info.receiverText ?? '';
  if (/pdo/i.test(text)) return 'pdo';
  if (/mysqli/i.test(text)) return 'mysqli';
  return ip.file.defaultConn ?? 'generic';
}

function booleanOf(node: PhpNode | undefined): boolean | undefined {
  const arg = unwrapArg(node);
  if (is(arg, 'boolean')) return arg.value;
  if (is(arg, 'number')) return arg.value !== '0';
  if (is(arg, 'name')) {
    const n = arg.name.toLowerCase();
    if (n === 'true' || n === 'false') return n === 'true';
  }
  return undefined;
}

function isolationOf(text: string): Isolation | undefined {
  const t = text.toUpperCase().replace(/[\s_-]+/g, '');
  if (t.includes('SERIALIZABLE')) return 'serializable';
  if (t.includes('REPEATABLEREAD')) return 'repeatable-read';
  if (t.includes('READCOMMITTED')) return 'read-committed';
  if (t.includes('READUNCOMMITTED')) return 'read-uncommitted';
  return undefined;
}

// ---- inline callbacks ----------------------------------------------------------------------

function runBody(ip: Interp, fn: Closure | ArrowFunc): void {
  if (is(fn, 'arrowfunc')) ip.returnValue(ip.eval(fn.body));
  else ip.block(fn.body?.children);
}

/** `DB::transaction(function () { … })`: the body runs inline between begin and commit. */
function txCallback(ip: Interp, call: Call, info: CalleeInfo, fn: Closure | ArrowFunc, driver: string, isolation?: Isolation): Val {
  const callLoc = exprLoc(call, ip.file.text);
  const api = info.api;
  ip.log.tx(ip.site(call.what ? locOf(call.what) : callLoc, EMPTY), 'begin', 'callback', api, { isolation: isolation ?? ip.pendingIsolation });
  ip.pendingIsolation = undefined;
  const params = (fn.arguments ?? []).map((): Val => (driver === 'dbal' ? { ...EMPTY, conn: 'dbal' } : EMPTY));
  const returned = ip.inline(fn.arguments ?? [], params, () => runBody(ip, fn));
  ip.log.tx(ip.site(endLoc(callLoc), EMPTY), 'commit', 'callback', api);
  return returned;
}

/** `array_map(fn, $rows)`, `$rows->each(fn)`: the body runs inline over the elements. */
function arrayCallback(ctx: Ctx, fn: Closure | ArrowFunc, desc: Extract<DriverCall, { op: 'arrayCallback' }>): Val {
  const { ip, recv, vals } = ctx;
  const source = desc.source === 'receiver' ? recv : (vals[desc.source] ?? EMPTY);
  const element = derive(source);
  const params = desc.carryArg !== undefined ? [vals[desc.carryArg] ?? EMPTY, element] : [element, element];
  const returned = ip.inline(fn.arguments ?? [], params, () => runBody(ip, fn));
  return union(element, returned);
}

// ---- SQL built by calls --------------------------------------------------------------------

/** `sprintf($format, ...)` / `vsprintf($format, [...])`. */
function format({ ip, args, vals, call }: Ctx, vector: boolean): Val {
  const fmt = vals[0];
  if (!fmt?.sql) return unionAll(vals);
  const text = ip.file.text;
  let argPieces: SqlPiece[][];
  if (vector) {
    const list = unwrapArg(args[1]);
    argPieces = is(list, 'array')
      ? list.items.map((item) => {
          const node = is(item, 'entry') ? item.value : item;
          return piecesOf(node, ip.eval(node), text);
        })
      : [];
  } else {
    argPieces = args.slice(1).map((a, i) => piecesOf(unwrapArg(a) ?? a, vals[i + 1], text));
  }
  return { ...unionAll(vals), sql: { pieces: formatPieces(fmt.sql.pieces, argPieces), loc: exprLoc(call, ip.file.text) } };
}

interface Column {
  name: string;
  node: PhpNode;
}

/** String keys of an array literal argument; undefined when the array is not a literal. */
function columnsOf(node: PhpNode | undefined): Column[] | undefined {
  const arr = unwrapArg(node);
  if (!is(arr, 'array')) return undefined;
  const out: Column[] = [];
  for (const item of arr.items ?? []) {
    if (is(item, 'entry') && is(item.key, 'string')) out.push({ name: item.key.value, node: item.key });
  }
  return out;
}

/** A `$where` array re-checks something when one of its keys does not just identify the row (the SQL reader's rule). */
function isConditionalWhere(cols: Column[] | undefined): boolean {
  return !!cols && cols.some((c) => !isKeyColumn(c.name));
}

/**
 * `$wpdb->update($table, $data, $where)`, `$conn->insert('t', [...])`, …: the statement is synthesised
 * as SQL text from the arguments (table pieces from the first, columns from the array keys) and read
 * like any other; the update or delete is conditional when a `$where` key is not key-like (`status`).
 */
function synthWrite(ctx: Ctx, write: SynthWrite, driver: string): Val | undefined {
  const { ip, call, args, vals } = ctx;
  const table = unwrapArg(args[0]);
  if (!table || is(table, 'array')) return undefined;
  const text = ip.file.text;
  const callLoc = exprLoc(call, ip.file.text);
  const t = (s: string, at: number): SqlPiece => ({ kind: 'text', text: s, offset: at });
  const columnText = (c: Column) => {
    const l = locOf(c.node);
    return t(c.name, l.offset + 1);
  };
  const tablePieces = piecesOf(table, vals[0], text);
  const list = (cols: Column[] | undefined, node: PhpNode | undefined, join: string, suffix: string): SqlPiece[] => {
    if (!cols) return node ? [hole(unwrapArg(node) ?? node, text), t(suffix, callLoc.offset)] : [];
    const out: SqlPiece[] = [];
    cols.forEach((c, i) => {
      if (i > 0) out.push(t(join, locOf(c.node).offset));
      out.push(columnText(c), t(suffix, locOf(c.node).endOffset));
    });
    return out;
  };
  let pieces: SqlPiece[];
  let whereCols: Column[] | undefined;
  if (write === 'update' || write === 'delete') {
    const dataCols = write === 'update' ? columnsOf(args[1]) : undefined;
    const whereArg = write === 'update' ? args[2] : args[1];
    whereCols = columnsOf(whereArg);
    pieces = [t(write === 'update' ? 'UPDATE ' : 'DELETE FROM ', callLoc.offset), ...tablePieces];
    if (write === 'update') pieces.push(t(' SET ', callLoc.offset), ...list(dataCols, args[1], ', ', ' = ?'));
    if (whereArg) pieces.push(t(' WHERE ', callLoc.offset), ...list(whereCols, whereArg, ' AND ', ' = ?'));
  } else {
    const cols = columnsOf(args[1]);
    pieces = [t(write === 'replace' ? 'REPLACE INTO ' : 'INSERT INTO ', callLoc.offset), ...tablePieces];
    if (cols) {
      pieces.push(t(' (', callLoc.offset));
      cols.forEach((c, i) => {
        if (i > 0) pieces.push(t(', ', locOf(c.node).offset));
        pieces.push(columnText(c));
      });
      pieces.push(t(`) VALUES (${cols.map(() => '?').join(', ')})`, callLoc.endOffset));
    } else if (args[1]) {
      pieces.push(t(' VALUES (', callLoc.offset), hole(unwrapArg(args[1]) ?? args[1], text), t(')', callLoc.endOffset));
    }
  }
  const facts: Partial<SqlFacts> =
    write === 'replace' ? { kind: 'upsert', upsert: 'replace' }
    : write === 'insert' ? { kind: 'insert', upsert: null }
    : { kind: write, conditional: isConditionalWhere(whereCols) };
  return runSql(ctx, { pieces }, unionAll(vals), driver, 'count', facts);
}
