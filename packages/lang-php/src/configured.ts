/**
 * Calls the project's settings name (in-house query wrappers and transaction functions), as driver
 * calls: they win over the built-in API table, so `$db->set($sql)` or `db_begin()` mean what the
 * project says.
 */
import { phpReceiverNames, type CallSite, type ConfiguredCall } from '@tocscan/core';
import type { CalleeInfo } from './callee.js';
import type { DriverCall, ResultKind } from './drivers.js';
import type { FileContext } from './scan.js';

const RESULT_KIND: Record<NonNullable<Extract<ConfiguredCall, { kind: 'query' }>['returns']>, ResultKind> = {
  rows: 'data',
  result: 'handle',
  'affected-rows': 'count',
};

function callSite(info: CalleeInfo): CallSite | undefined {
  if (info.fn !== undefined) return { kind: 'function', name: info.fn };
  if (info.method === undefined) return undefined;
  const kind = info.staticClass !== undefined ? 'static' : 'method';
  return { kind, name: info.method, receiver: phpReceiverNames(info.receiverText) };
}

/** The driver call a configured pattern makes of this call, if one matches. */
export function configuredDriverCall(file: FileContext, info: CalleeInfo): DriverCall | undefined {
  if (file.settings.empty) return undefined;
  const site = callSite(info);
  const configured = site && file.settings.match(site);
  if (!configured) return undefined;
  switch (configured.kind) {
    case 'query':
      return {
        op: 'query',
        sqlArg: configured.sqlArgument,
        bindArgs: [],
        result: configured.returns ? RESULT_KIND[configured.returns] : 'auto',
        driver: '',
        strict: false,
      };
    case 'tx':
      return { op: 'tx', action: configured.action, ...(configured.isolation ? { isolation: configured.isolation } : {}) };
    case 'callback':
      return { op: 'txCallback', fnArg: configured.callbackArgument, driver: '', ...(configured.isolation ? { isolation: configured.isolation } : {}) };
  }
}
