/**
 * Calls: recognising driver APIs (drivers.ts) and turning a call into events — queries, prepared
 * statement executions, transaction calls and callbacks, helper calls — or into a plain value.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { mergeDeps } from '@tocscan/core';
import { isPoolName } from './pools.js';
import { asFunction, calleeText, endLocOf, memberName, range, staticPath, unwrap, type FunctionNode, type Node } from './ast.js';
import {
  ARRAY_CALLBACK_METHODS,
  CONNECTION_CALLBACK_METHODS,
  COUNT_RETURNING_METHODS,
  FORMAT_METHOD,
  PREPARE_METHOD,
  PROMISE_COMBINATORS,
  PROMISE_METHODS,
  SQLITE_TX_VARIANTS,
  STATEMENT_CHAIN_METHODS,
  STATEMENT_EXEC_METHODS,
  TX_CALLBACK_METHODS,
  TX_OBJECT_METHOD,
  driverFor,
  isNonExecuting,
  isSqliteStyleTransaction,
  isolationIn,
  txMethodAction,
  type QueryForm,
} from './drivers.js';
import { configuredCall, runConfigured } from './configured.js';
import type { UnitWalker } from './events.js';
import { isSqlText, joinTexts, type SqlText } from './sql-text.js';
import { derive, either, elementOf, emptyVal, join, resultVal, type Val } from './taint.js';
import { sqliteTransactionCallback } from './units.js';

type Arg = TSESTree.CallExpressionArgument;

/** Keys of a query config object holding the SQL: pg `{ text, values }`, mysql2 `{ sql, values }`. */
const SQL_CONFIG_KEYS: ReadonlySet<string> = new Set(['text', 'sql']);

/** The arguments of one call, each evaluated at most once, in the order the handler asks for them. */
export class CallArgs {
  private readonly vals = new Map<number, Val>();
  /** The first argument is a query config object (pg `{ text, values }`, mysql2 `{ sql, values }`). */
  config = false;

  constructor(
    private readonly w: UnitWalker,
    readonly nodes: readonly Arg[],
  ) {}

  fn(i: number): FunctionNode | undefined {
    const n = this.nodes[i];
    return n ? asFunction(n) : undefined;
  }

  /** Index of the last argument when it is a function (a driver callback), else -1. */
  lastFn(): number {
    const i = this.nodes.length - 1;
    return i >= 0 && this.fn(i) ? i : -1;
  }

  /**
   * The first argument read as SQL: its tagged template is this call's text; a `{ text, values }` config
   * object (written there or held in a variable) gives its `text`.
   */
  first(): Val {
    if (this.fn(0)) return emptyVal();
    if (!this.vals.has(0) && this.nodes[0]) {
      const n = unwrap(this.nodes[0]);
      const v = n.type === 'ObjectExpression' ? this.w.evalObject(n, SQL_CONFIG_KEYS) : this.w.evalExpr(n, { sqlArg: true });
      const configSql = v.sql ? undefined : [...SQL_CONFIG_KEYS].map((k) => v.props?.get(k)?.sql).find((t) => t);
      this.vals.set(0, configSql ? { ...v, sql: configSql } : v);
      this.config = n.type === 'ObjectExpression' || !!configSql;
    }
    return this.vals.get(0) ?? emptyVal();
  }

  at(i: number): Val {
    if (!this.vals.has(i)) this.vals.set(i, this.nodes[i] ? this.w.evalExpr(this.nodes[i]) : emptyVal());
    return this.vals.get(i)!;
  }

  /** Every argument except the given (inlined) ones, evaluated; function arguments become closure units. */
  values(...except: number[]): Val[] {
    return this.nodes.map((_, i) => i).filter((i) => !except.includes(i)).map((i) => this.at(i));
  }

  /** Source text of the arguments except the given ones (for isolation levels in option objects and strings). */
  text(source: string, ...except: number[]): string {
    return this.nodes
      .filter((_, i) => !except.includes(i))
      .map((n) => source.slice(...range(n)))
      .join(' ');
  }
}

export function evalCall(w: UnitWalker, node: TSESTree.CallExpression): Val {
  const callee = unwrap(node.callee);
  const args = new CallArgs(w, node.arguments);

  const iife = asFunction(callee);
  if (iife) return w.inlineCallback(iife, args.values());

  const sqliteTx = sqliteTransactionCallback(callee, w.ctx.modules);
  if (sqliteTx) return runSqliteTransactionNow(w, node, callee as TSESTree.CallExpression, sqliteTx, args);

  if (callee.type === 'MemberExpression') return evalMethodCall(w, node, callee, args);
  if (callee.type === 'Identifier') return evalFunctionCall(w, node, callee.name, args);
  return join(w.evalExpr(callee), ...args.values());
}

/** `db.transaction(fn)(args)`: the better-sqlite3 transaction function called at once. */
function runSqliteTransactionNow(w: UnitWalker, node: Node, txCall: TSESTree.CallExpression, fn: FunctionNode, args: CallArgs): Val {
  const api = calleeText(txCall.callee);
  const params = args.values();
  w.addTx(txCall, 'begin', 'callback', api, undefined, true);
  const v = w.inlineCallback(fn, params);
  w.addTx(txCall, 'commit', 'callback', api, undefined, true, endLocOf(node));
  return v;
}

function evalMethodCall(w: UnitWalker, node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, args: CallArgs): Val {
  const method = memberName(callee);
  const api = calleeText(callee);
  const obj = w.evalExpr(callee.object);
  if (method === undefined) return join(obj, ...args.values());
  const configured = configuredCall(w, method, callee.object);
  const ran = configured && runConfigured(w, node, api, configured, args);
  if (ran) return ran;

  if (PROMISE_METHODS.has(method) && node.arguments.some((a) => asFunction(a))) return evalContinuation(w, method, obj, args);

  if (TX_CALLBACK_METHODS.has(method)) {
    const fnIndex = node.arguments.findIndex((a) => asFunction(a));
    if (fnIndex >= 0) return evalTransactionCallback(w, node, api, method, args, fnIndex);
  }
  if (method === TX_OBJECT_METHOD && node.arguments.every(isOptionLiteral)) {
    const isolation = isolationIn(args.text(w.ctx.source));
    args.values();
    w.addTx(node, 'begin', 'call', api, isolation);
    return emptyVal();
  }
  const action = txMethodAction(method);
  if (action && !isSqlText(args.first().sql)) {
    const cb = args.lastFn();
    const isolation = action === 'begin' ? isolationIn(args.text(w.ctx.source, cb)) : undefined;
    args.values(cb);
    w.addTx(node, action, 'call', api, isolation);
    if (cb >= 0) w.inlineCallback(args.fn(cb)!, []);
    return emptyVal();
  }

  if (ARRAY_CALLBACK_METHODS.has(method) && args.fn(0)) return evalArrayCallback(w, method, obj, args);

  if (CONNECTION_CALLBACK_METHODS.has(method) && args.lastFn() >= 0) {
    const cb = args.lastFn();
    args.values(cb);
    w.inlineCallback(args.fn(cb)!, []);
    return emptyVal();
  }

  if (method === PREPARE_METHOD && args.nodes.length > 0) {
    const sql = args.first();
    if (isSqlText(sql.sql)) {
      args.values(0);
      return { ...emptyVal(), prepared: { sql: sql.sql, sqlLoc: sql.sql.loc, sqlDeps: sql.deps } };
    }
  }

  if (obj.prepared) {
    if (STATEMENT_CHAIN_METHODS.has(method)) {
      const bound = args.values();
      return { ...emptyVal(), prepared: { ...obj.prepared, sqlDeps: mergeDeps(obj.prepared.sqlDeps, ...bound.map((b) => b.deps)) } };
    }
    if (STATEMENT_EXEC_METHODS.has(method)) {
      const cb = args.lastFn();
      const bound = args.values(cb);
      const id = w.addQuery({
        node,
        pieces: obj.prepared.sql.pieces,
        sqlLoc: obj.prepared.sqlLoc,
        api,
        driver: driverFor('statement', method, w.ctx.modules),
        data: mergeDeps(obj.prepared.sqlDeps, ...bound.map((b) => b.deps)),
      });
      return afterQuery(w, id, method, args, cb);
    }
  }

  const root = receiverRoot(callee.object);
  if (!isNonExecuting(method, root)) {
    const sql = args.first();
    if (isSqlText(sql.sql)) return runSql(w, node, api, args.config ? 'config' : 'call', method, sql.sql, args, isPool(w, callee.object));
  }

  if (isWrapperCall(w, method, args)) return runInWrapper(w, node, method, args);
  const helper = helperCallee(w, callee, method);
  if (helper) {
    const id = w.addCall(node, helper.name, helper.receiver, helper.className, args.values());
    return resultVal(id);
  }
  return plainMethodCall(callee, method, obj, args);
}

function evalFunctionCall(w: UnitWalker, node: TSESTree.CallExpression, name: string, args: CallArgs): Val {
  const configured = configuredCall(w, name);
  const ran = configured && runConfigured(w, node, name, configured, args);
  if (ran) return ran;
  if (w.isResolver(name)) {
    w.resolveWith(name, args.at(0));
    args.values();
    return emptyVal();
  }
  if (!isNonExecuting(name, undefined)) {
    const sql = args.first();
    if (isSqlText(sql.sql)) return runSql(w, node, name, 'call', undefined, sql.sql, args);
  }
  if (isWrapperCall(w, name, args)) return runInWrapper(w, node, name, args);
  if (w.ctx.helperNames.has(name)) return resultVal(w.addCall(node, name, undefined, undefined, args.values()));
  const vals = args.values();
  if (name === FORMAT_METHOD && vals[0]?.sql) return { ...join(...vals), sql: vals[0].sql };
  return join(...vals);
}

/** A call whose first argument is SQL text: the query (or BEGIN/COMMIT/ROLLBACK), then its result callback if any. */
function runSql(w: UnitWalker, node: Node, api: string, form: QueryForm, method: string | undefined, sql: SqlText, args: CallArgs, pooled = false): Val {
  const cb = args.lastFn();
  const vals = args.values(cb);
  const id = w.addQuery({
    node,
    pieces: sql.pieces,
    sqlLoc: sql.loc,
    api,
    driver: driverFor(form, method, w.ctx.modules),
    data: mergeDeps(...vals.map((v) => v.deps)),
    ...(pooled ? { pooled } : {}),
  });
  return afterQuery(w, id, method, args, cb);
}

/** The receiver is a connection pool: a name the file binds to a pool factory, or one named so (pools.ts). */
function isPool(w: UnitWalker, receiver: Node): boolean {
  const name = staticPath(receiver)?.split('.').pop();
  return name !== undefined && (w.ctx.pools.has(name) || isPoolName(name));
}

/** The query's result value; a driver callback `(err, result) => …` runs with it (and `this` = result, as sqlite3 does). */
export function afterQuery(w: UnitWalker, id: number, method: string | undefined, args: CallArgs, cb: number): Val {
  const result = resultVal(id);
  if (method !== undefined && COUNT_RETURNING_METHODS.has(method)) result.counts = [id];
  if (cb >= 0) w.inlineCallback(args.fn(cb)!, [emptyVal(), result, emptyVal()], { thisVal: result });
  return result;
}

/** Transaction callbacks run now, between a begin and a commit (better-sqlite3's deferred form becomes its own unit). */
function evalTransactionCallback(w: UnitWalker, node: TSESTree.CallExpression, api: string, method: string, args: CallArgs, fnIndex: number): Val {
  const fn = args.fn(fnIndex)!;
  if (method === 'transaction' && args.nodes.length === 1 && isSqliteStyleTransaction(fn.async, w.ctx.modules)) {
    w.enqueueSqliteTransaction(node, fn, undefined);
    return emptyVal();
  }
  const isolation = isolationIn(args.text(w.ctx.source, fnIndex));
  args.values(fnIndex);
  w.addTx(node, 'begin', 'callback', api, isolation);
  const v = w.inlineCallback(fn, []);
  w.addTx(node, 'commit', 'callback', api, undefined, undefined, endLocOf(node));
  return v;
}

/** The name is a transaction wrapper of this file and the call passes it a function where it expects one. */
function isWrapperCall(w: UnitWalker, name: string, args: CallArgs): boolean {
  const wrapper = w.ctx.txWrappers.get(name);
  return !!wrapper && !!args.fn(wrapper.callbackIndex);
}

/** `withTransaction(async (client) => …)`: a wrapper of this file runs the callback inside its transaction. */
function runInWrapper(w: UnitWalker, node: TSESTree.CallExpression, name: string, args: CallArgs): Val {
  const wrapper = w.ctx.txWrappers.get(name)!;
  args.values(wrapper.callbackIndex);
  w.addTx(node, 'begin', 'callback', name, wrapper.isolation);
  const v = w.inlineCallback(args.fn(wrapper.callbackIndex)!, []);
  w.addTx(node, 'commit', 'callback', name, undefined, undefined, endLocOf(node));
  return v;
}

/** `.then(onFulfilled, onRejected)`, `.catch(fn)`, `.finally(fn)`: the callbacks run as part of the unit. */
function evalContinuation(w: UnitWalker, method: string, obj: Val, args: CallArgs): Val {
  const first = args.fn(0);
  const second = args.fn(1);
  args.values(0, 1);
  if (method === 'then') {
    const value = first ? w.inlineCallback(first, [obj]) : obj;
    const recovered = second ? w.inlineCallback(second, []) : undefined;
    return recovered ? either(value, recovered) : value;
  }
  const ran = first ? w.inlineCallback(first, []) : emptyVal();
  return method === 'catch' ? either(obj, ran) : obj;
}

/** `rows.forEach(row => …)`, `items.map(async (item) => …)`: the callback runs once per element. */
function evalArrayCallback(w: UnitWalker, method: string, obj: Val, args: CallArgs): Val {
  const fn = args.fn(0)!;
  const others = args.values(0);
  const item = elementOf(obj, undefined);
  const params = method.startsWith('reduce') ? [others[0] ?? emptyVal(), item] : [item, emptyVal(), obj];
  let ret = emptyVal();
  w.withGuard(obj.deps, () => (ret = w.inlineCallback(fn, params)));
  return method === 'forEach' ? emptyVal() : join(obj, ret);
}

/** Options a transaction-object call may take: `knex.transaction()`, `sequelize.transaction({ isolationLevel })`. */
function isOptionLiteral(a: Arg): boolean {
  const n = unwrap(a);
  return n.type === 'ObjectExpression' || n.type === 'Literal';
}

/** A call to a function or method defined in this file (or named in options.helperNames). */
function helperCallee(w: UnitWalker, callee: TSESTree.MemberExpression, method: string): { name: string; receiver?: string; className?: string } | undefined {
  const object = unwrap(callee.object);
  if (SQLITE_TX_VARIANTS.has(method) && object.type === 'Identifier' && w.ctx.helperNames.has(object.name)) return { name: object.name };
  if (!w.ctx.helperNames.has(method)) return undefined;
  if (object.type === 'Identifier' && w.ctx.classNames.has(object.name)) return { name: method, className: object.name };
  return { name: method, receiver: calleeText(object) };
}

/** Calls that are neither driver nor helper calls: values flow from receiver and arguments; SQL-building calls keep the text. */
function plainMethodCall(callee: TSESTree.MemberExpression, method: string, obj: Val, args: CallArgs): Val {
  const vals = args.values();
  if (PROMISE_COMBINATORS.has(staticPath(callee) ?? '')) return vals[0] ?? emptyVal();
  if (method === FORMAT_METHOD && vals[0]?.sql) return { ...join(...vals), sql: vals[0].sql };
  if ((method === 'trim' || method === 'trimEnd' || method === 'trimStart') && obj.sql) return { ...derive(obj), sql: obj.sql };
  if (method === 'join' && obj.elements?.length && obj.elements.every((e) => e.sql)) {
    const sepNode = args.nodes[0] ? unwrap(args.nodes[0]) : undefined;
    const sep = sepNode === undefined ? ',' : sepNode.type === 'Literal' && typeof sepNode.value === 'string' ? sepNode.value : undefined;
    if (sep !== undefined) return { ...join(obj, ...vals), sql: joinTexts(obj.elements.map((e) => e.sql!), sep, callee) };
  }
  return join(obj, ...vals);
}

/** `console` for `console.log`, `logger` for `this.logger.info`. */
function receiverRoot(object: Node): string | undefined {
  const path = staticPath(object);
  if (path === undefined) return undefined;
  const parts = path.split('.');
  return parts[0] === 'this' ? parts[1] : parts[0];
}

export function evalNew(w: UnitWalker, node: TSESTree.NewExpression): Val {
  const callee = unwrap(node.callee);
  const executor = node.arguments[0] ? asFunction(node.arguments[0]) : undefined;
  if (callee.type === 'Identifier' && callee.name === 'Promise' && executor) {
    return w.inlineCallback(executor, [], { executor: true });
  }
  return join(w.evalExpr(callee), ...node.arguments.map((a) => w.evalExpr(a)));
}

/** ``sql`SELECT …` ``: a query of its own, unless it is the SQL argument of an executing call. */
export function evalTagged(w: UnitWalker, node: TSESTree.TaggedTemplateExpression, sqlArg: boolean): Val {
  const tag = unwrap(node.tag);
  const tagVal = tag.type === 'CallExpression' ? w.evalExpr(tag) : emptyVal();
  const text = w.evalExpr(node.quasi);
  if (!isSqlText(text.sql)) return join(tagVal, text);
  // String.raw`…` only builds the text; an SQL argument is run by the call it is passed to.
  if (sqlArg || staticPath(tag) === 'String.raw') return text;
  const method = tag.type === 'MemberExpression' ? memberName(tag) : tag.type === 'Identifier' ? tag.name : undefined;
  const id = w.addQuery({
    node,
    pieces: text.sql.pieces,
    sqlLoc: text.sql.loc,
    api: calleeText(tag),
    driver: driverFor('tagged', method, w.ctx.modules),
    data: text.deps,
  });
  const result = resultVal(id);
  if (method !== undefined && COUNT_RETURNING_METHODS.has(method)) result.counts = [id];
  return result;
}
