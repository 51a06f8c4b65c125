/**
 * The shape of a call's callee: function name, method name, static class, receiver, and the `api`
 * text used in events.
 */
import type { Callee } from '@tocscan/core';
import { is, variableName } from './ast.js';
import type { Call, PhpNode } from './ast.js';
import type { CallShape } from './drivers.js';
import { sourceOf } from './loc.js';

export interface CalleeInfo extends CallShape {
  /** The receiver expression of a method call. */
  receiver?: PhpNode;
  /** Callee source text, e.g. `$this->db->query`, `mysqli_query`, `DB::select`. */
  api: string;
  /** Called on `$this`, `self`, `static` or `parent`. */
  selfCall: boolean;
  /** The name as written, for CallEvents (`get_product`, `decrementStock`). */
  name?: string;
}

const SELF_REFS = new Set(['selfreference', 'staticreference', 'parentreference']);

export function calleeOf(call: Call, text: string): CalleeInfo {
  const what = call.what;
  const argc = call.arguments?.length ?? 0;
  const api = sourceOf(text, what);
  if (is(what, 'name')) {
    const name = what.name.replace(/^.*\\/, '');
    return { fn: name.toLowerCase(), name, api, argc, selfCall: false };
  }
  if ((is(what, 'propertylookup') || is(what, 'nullsafepropertylookup')) && is(what.offset, 'identifier')) {
    const receiverText = sourceOf(text, what.what);
    return {
      method: what.offset.name,
      name: what.offset.name,
      receiver: what.what,
      receiverText,
      api,
      argc,
      selfCall: variableName(what.what) === 'this',
    };
  }
  if (is(what, 'staticlookup') && is(what.offset, 'identifier')) {
    const staticClass = sourceOf(text, what.what);
    return {
      method: what.offset.name,
      name: what.offset.name,
      staticClass,
      receiverText: staticClass,
      receiver: what.what,
      api,
      argc,
      selfCall: !!what.what && SELF_REFS.has(what.what.kind),
    };
  }
  return { api, argc, selfCall: false };
}

/** The callee as CallEvents carry it. */
export function eventCallee(info: CalleeInfo): Callee | undefined {
  if (!info.name) return undefined;
  if (info.fn !== undefined) return { name: info.name };
  if (info.staticClass !== undefined) {
    const cls = info.staticClass.toLowerCase();
    if (cls === 'self' || cls === 'static' || cls === 'parent') return { name: info.name, receiver: cls };
    return { name: info.name, className: info.staticClass.replace(/^\\/, '') };
  }
  if (variableName(info.receiver) === 'this') return { name: info.name, receiver: 'this' };
  return { name: info.name, receiver: info.receiverText };
}
