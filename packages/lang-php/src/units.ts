/**
 * Unit discovery: the top-level script, every function and method, and every closure that is not run
 * inline by its caller (transaction and array callbacks are: their bodies belong to the enclosing unit).
 */
import type { Unit } from '@tocscan/core';
import { childNodes, is, nameOf, variableName } from './ast.js';
import type { ArrowFunc, Closure, FunctionDecl, Method, Parameter, PhpNode, Program } from './ast.js';
import { calleeOf } from './callee.js';
import { configuredDriverCall } from './configured.js';
import { inlineCallbackArg } from './drivers.js';
import { classInfo, isHelper } from './scan.js';
import type { ClassInfo, FileContext } from './scan.js';

export interface UnitJob {
  kind: Unit['kind'];
  name: string;
  simpleName?: string;
  className?: string;
  node: Program | FunctionDecl | Method | Closure | ArrowFunc;
  params: Parameter[];
  cls?: ClassInfo;
}

export function discoverUnits(program: Program, file: FileContext): UnitJob[] {
  const jobs: UnitJob[] = [{ kind: 'script', name: '<script>', node: program, params: [] }];
  const names = new WeakMap<PhpNode, string>();

  const visit = (node: PhpNode, cls: ClassInfo | undefined): ClassInfo | undefined => {
    if (is(node, 'function')) {
      const name = nameOf(node.name) ?? `<function@${node.loc?.start.line ?? 0}>`;
      jobs.push({ kind: 'function', name, simpleName: name, node, params: node.arguments ?? [] });
    } else if (is(node, 'class') || is(node, 'trait') || is(node, 'enum') || is(node, 'interface')) {
      const info = file.classes.get(nameOf(node.name)?.toLowerCase() ?? '') ?? classInfo(node, file.dbalImported);
      for (const member of node.body ?? []) {
        if (is(member, 'method') && member.body) {
          const name = nameOf(member.name) ?? '<method>';
          jobs.push({ kind: 'method', name: `${info.name}.${name}`, simpleName: name, className: info.name, node: member, params: member.arguments ?? [], cls: info });
        }
      }
      return info;
    } else if ((is(node, 'closure') || is(node, 'arrowfunc')) && !file.inline.has(node)) {
      const assigned = names.get(node);
      const name = assigned ?? `<anonymous@${node.loc?.start.line ?? 0}>`;
      jobs.push({ kind: 'closure', name, ...(assigned ? { simpleName: assigned } : {}), node, params: node.arguments ?? [], cls, ...(cls ? { className: cls.name } : {}) });
    } else if (is(node, 'call')) {
      const info = calleeOf(node, file.text);
      const configured = configuredDriverCall(file, info);
      const index = configured ? (configured.op === 'txCallback' ? configured.fnArg : undefined) : inlineCallbackArg(info, info.selfCall && isHelper(file, info.name));
      const arg = index === undefined ? undefined : node.arguments?.[index];
      const fn = is(arg, 'namedargument') ? arg.value : arg;
      if (is(fn, 'closure') || is(fn, 'arrowfunc')) file.inline.add(fn);
    } else if (is(node, 'assign') && (is(node.right, 'closure') || is(node.right, 'arrowfunc'))) {
      const target = node.left;
      const name =
        variableName(target) ??
        ((is(target, 'propertylookup') || is(target, 'staticlookup')) && is(target.offset, 'identifier') ? target.offset.name : undefined);
      if (name) names.set(node.right, name);
    }
    return cls;
  };
  // Depth-first in source order, without recursion (generated code nests deeply).
  const stack: [PhpNode, ClassInfo | undefined][] = (program.children ?? []).map((c): [PhpNode, ClassInfo | undefined] => [c, undefined]).reverse();
  while (stack.length) {
    const [node, outer] = stack.pop()!;
    const cls = visit(node, outer);
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], cls]);
  }
  return jobs;
}
