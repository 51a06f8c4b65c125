/**
 * Calls the project's settings name (in-house query wrappers and transaction functions): they win
 * over the built-in recognition, so `db.fetchRow(conn, sql)` or `beginWork()` mean what the project says.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { mergeDeps, type CallSite, type ConfiguredCall } from '@tocscan/core';
import { endLocOf, staticPath } from './ast.js';
import { afterQuery, type CallArgs } from './calls.js';
import type { UnitWalker } from './events.js';
import { emptyVal, type Val } from './taint.js';

/** What the settings make of a call to `name` (on `object`, for a method call), if anything. */
export function configuredCall(w: UnitWalker, name: string, object?: TSESTree.Expression): ConfiguredCall | undefined {
  const settings = w.ctx.settings;
  if (settings.empty) return undefined;
  const site: CallSite = object ? { kind: 'method', name, receiver: staticPath(object)?.split('.') } : { kind: 'function', name };
  return settings.match(site);
}

/** Runs a configured call; undefined when its SQL argument holds no text (then the call is read as usual). */
export function runConfigured(w: UnitWalker, node: TSESTree.CallExpression, api: string, call: ConfiguredCall, args: CallArgs): Val | undefined {
  switch (call.kind) {
    case 'query': {
      const sql = call.sqlArgument === 0 ? args.first() : args.at(call.sqlArgument);
      if (!sql.sql?.pieces.some((p) => p.kind === 'text')) return undefined;
      const cb = args.lastFn();
      const vals = args.values(cb);
      const id = w.addQuery({ node, pieces: sql.sql.pieces, sqlLoc: sql.sql.loc, api, driver: 'generic', data: mergeDeps(...vals.map((v) => v.deps)) });
      const result = afterQuery(w, id, undefined, args, cb);
      if (call.returns === 'affected-rows') result.counts = [id];
      return result;
    }
    case 'tx':
      args.values();
      w.addTx(node, call.action, 'call', api, call.isolation);
      return emptyVal();
    case 'callback': {
      const fn = args.fn(call.callbackArgument);
      if (!fn) return undefined;
      args.values(call.callbackArgument);
      w.addTx(node, 'begin', 'callback', api, call.isolation);
      const v = w.inlineCallback(fn, []);
      w.addTx(node, 'commit', 'callback', api, undefined, undefined, endLocOf(node));
      return v;
    }
  }
}
