/**
 * Finding units: named functions and methods (declarations, functions/arrows bound to a variable,
 * property, class field or assignment target), better-sqlite3 transaction functions bound to a name,
 * and the names callers use for them (the helper names that make calls into CallEvents).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { Unit } from '@tocscan/core';
import { asFunction, keyName, memberName, range, unwrap, type FunctionNode, type Node } from './ast.js';
import { isSqliteStyleTransaction } from './drivers.js';

/** How a function got its name, when it has one. */
export interface UnitNaming {
  name: string;
  simpleName: string;
  kind: Unit['kind'];
  className?: string;
}

/** `x` for `x = …` / `const x = …`; `bar` for `Foo.prototype.bar = …`, `exports.bar = …`, `this.bar = …`. */
export function bindingName(target: Node): string | undefined {
  const t = unwrap(target);
  if (t.type === 'Identifier') return t.name;
  if (t.type === 'MemberExpression') return memberName(t);
  return undefined;
}

/** `Foo` for `Foo.prototype.bar = function …`. */
export function prototypeOwner(target: Node): string | undefined {
  const t = unwrap(target);
  if (t.type !== 'MemberExpression') return undefined;
  const proto = unwrap(t.object);
  if (proto.type !== 'MemberExpression' || memberName(proto) !== 'prototype') return undefined;
  const owner = unwrap(proto.object);
  return owner.type === 'Identifier' ? owner.name : undefined;
}

export function functionNaming(name: string): UnitNaming {
  return { name, simpleName: name, kind: 'function' };
}

export function methodNaming(simpleName: string, className: string | undefined): UnitNaming {
  return { name: className ? `${className}.${simpleName}` : simpleName, simpleName, kind: 'method', className };
}

/** Name of a class member key, when static. */
export function memberKeyName(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  return keyName(member.key, member.computed);
}

/** The callback of `db.transaction(fn)` when this is better-sqlite3's deferred transaction function. */
export function sqliteTransactionCallback(node: Node | null | undefined, modules: ReadonlySet<string>): FunctionNode | undefined {
  if (!node) return undefined;
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'transaction') return undefined;
  const fn = asFunction(call.arguments[0]);
  return fn && isSqliteStyleTransaction(fn.async, modules) ? fn : undefined;
}

/** A function value, or a better-sqlite3 transaction function, bound by `value`. */
export function definesFunction(value: Node | null | undefined, modules: ReadonlySet<string>): boolean {
  return !!asFunction(value) || !!sqliteTransactionCallback(value, modules);
}

/**
 * A name bound to a value that may be a function: `function f`, `const f = …`, `x.f = …`, `{ f: … }`,
 * class methods and fields. Calls to such names (when the value is a function) become CallEvents.
 */
export function namedValue(n: Node): { name: string; value: Node | null | undefined } | undefined {
  let name: string | undefined;
  let value: Node | null | undefined;
  switch (n.type) {
    case 'FunctionDeclaration':
      name = n.id?.name;
      value = n;
      break;
    case 'VariableDeclarator':
      name = bindingName(n.id);
      value = n.init;
      break;
    case 'AssignmentExpression':
      if (n.operator !== '=') return undefined;
      name = bindingName(n.left);
      value = n.right;
      break;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      name = keyName(n.key, n.computed);
      value = n.value;
      break;
    default:
      return undefined;
  }
  return name !== undefined && name !== 'constructor' ? { name, value } : undefined;
}

/** The parameters callers pass, in order (a TypeScript `this:` parameter is not one). */
export function realParams(fn: FunctionNode): TSESTree.Parameter[] {
  return fn.params.filter((p) => !(p.type === 'Identifier' && p.name === 'this'));
}

/** Parameter names as written (`id`, `{ id, qty }` for a destructured one, `rest` for `...rest`). */
export function paramNames(fn: FunctionNode, source: string): string[] {
  return realParams(fn).map((p) => paramName(p, source));
}

function paramName(p: TSESTree.Parameter, source: string): string {
  const node: Node = p.type === 'TSParameterProperty' ? p.parameter : p;
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'AssignmentPattern':
      return paramName(node.left as TSESTree.Parameter, source);
    case 'RestElement':
      return paramName(node.argument as TSESTree.Parameter, source);
    default: {
      // A destructuring pattern, without its type annotation.
      const annotation = (node as { typeAnnotation?: Node }).typeAnnotation;
      const [start, end] = range(node);
      return source
        .slice(start, annotation ? range(annotation)[0] : end)
        .replace(/\s+/g, ' ')
        .trim();
    }
  }
}
