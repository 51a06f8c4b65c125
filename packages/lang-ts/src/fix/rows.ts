/**
 * The affected-row check after a write: bind the write's result if the code drops it, then
 * `if (<count> === 0) <exit>` with the guard's own exit. The count per driver: pg `rowCount` (or
 * the RETURNING rows), mysql2 `affectedRows`, better-sqlite3 `changes`, postgres.js `count`.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { ExitPath, FixEdit, QueryEvent, Refusal } from '@tocscan/core';
import { freshName, indentOf, newline } from '@tocscan/core';
import { range, unwrap, type Node } from '../ast.js';
import type { Tree } from './tree.js';

export interface RowsCheckContext {
  tree: Tree;
  text: string;
  /** The file is TypeScript (type arguments may be needed). */
  typed: boolean;
  unit: string;
  fn: Node;
}

type Binding = { kind: 'none'; stmt: Node } | { kind: 'name'; name: string } | { kind: 'tuple'; name: string } | { kind: 'rows'; name: string };

function bindingOf(tree: Tree, call: Node): Binding | undefined {
  const listed = tree.listed(call);
  if (!listed) return undefined;
  const s = listed.stmt;
  const value = (n: Node | null | undefined) => {
    let e = n ? unwrap(n) : undefined;
    while (e?.type === 'AwaitExpression') e = unwrap(e.argument);
    return e;
  };
  if (s.type === 'ExpressionStatement' && value(s.expression) === call) return { kind: 'none', stmt: s };
  if (s.type !== 'VariableDeclaration' || s.declarations.length !== 1 || value(s.declarations[0].init) !== call) return undefined;
  const id = s.declarations[0].id;
  if (id.type === 'Identifier') return { kind: 'name', name: id.name };
  if (id.type === 'ArrayPattern' && id.elements[0]?.type === 'Identifier') return { kind: 'tuple', name: id.elements[0].name };
  if (id.type === 'ObjectPattern') {
    const rows = id.properties.find((p): p is TSESTree.Property => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'rows');
    if (rows?.value.type === 'Identifier') return { kind: 'rows', name: rows.value.name };
  }
  return undefined;
}

/** `count` expression for the driver and binding, and the binding to add when the result is dropped. */
function countOf(driver: string | undefined, b: Binding, fresh: string, returning: boolean): { count: string; declare?: string } | undefined {
  switch (driver) {
    case 'pg':
      if (b.kind === 'rows') return returning ? { count: `${b.name}.length` } : undefined;
      if (b.kind === 'tuple') return undefined;
      return { count: `${b.kind === 'none' ? fresh : b.name}${returning ? '.rows.length' : '.rowCount'}`, declare: b.kind === 'none' ? `const ${fresh} = ` : undefined };
    case 'mysql2':
      if (b.kind === 'tuple') return { count: `${b.name}.affectedRows` };
      return b.kind === 'none' ? { count: `${fresh}.affectedRows`, declare: `const [${fresh}] = ` } : undefined;
    case 'better-sqlite3':
      if (b.kind === 'name') return { count: `${b.name}.changes` };
      return b.kind === 'none' ? { count: `${fresh}.changes`, declare: `const ${fresh} = ` } : undefined;
    case 'postgres':
      if (b.kind === 'name') return { count: `${b.name}.count` };
      return b.kind === 'none' ? { count: `${fresh}.count`, declare: `const ${fresh} = ` } : undefined;
    default:
      return undefined;
  }
}

/** `<ResultSetHeader>` on a mysql2 call in TypeScript, with its import when the file lacks it. */
function mysqlTyping(ctx: RowsCheckContext, call: Node): FixEdit[] | Refusal {
  if (!ctx.typed || call.type !== 'CallExpression') return [];
  if (call.typeArguments) {
    return /ResultSetHeader/.test(ctx.text.slice(...range(call.typeArguments))) ? [] : { refused: 'the write has a type argument other than ResultSetHeader' };
  }
  const edits: FixEdit[] = [{ offset: range(call.callee)[1], endOffset: range(call.callee)[1], text: '<ResultSetHeader>' }];
  const imports = ctx.tree.program.body.filter((s): s is TSESTree.ImportDeclaration => s.type === 'ImportDeclaration');
  const mysqlImport = imports.find((i) => /^mysql2(\/promise)?$/.test(String(i.source.value)));
  if (!mysqlImport) return { refused: 'mysql2 is not imported with an import declaration' };
  const has = imports.some((i) => i.specifiers.some((sp) => sp.local.name === 'ResultSetHeader'));
  if (!has) {
    const at = range(imports[imports.length - 1])[1];
    edits.push({ offset: at, endOffset: at, text: `${newline(ctx.text)}import type { ResultSetHeader } from '${String(mysqlImport.source.value)}';` });
  }
  return edits;
}

/** The exit's statements written at `indent` (a block when the guard had one). */
export function exitCode(exit: ExitPath, indent: string, unit: string, nl: string): string {
  const place = (stmt: string, at: string) => stmt.split(/\r?\n/).join(`${nl}${at}`);
  if (!exit.block && exit.statements.length === 1) return place(exit.statements[0], indent);
  const inner = indent + unit;
  return `{${nl}${exit.statements.map((s) => inner + place(s, inner)).join(nl)}${nl}${indent}}`;
}

/** Drivers whose calls return promises: their result is only there after `await`. */
const ASYNC_DRIVERS = new Set(['pg', 'mysql2', 'postgres']);

export function rowsCheck(ctx: RowsCheckContext, write: QueryEvent, call: Node, exit: ExitPath, returning: boolean): { edits: FixEdit[]; count: string } | Refusal {
  if (ASYNC_DRIVERS.has(write.driver ?? '') && ctx.tree.parent(call)?.type !== 'AwaitExpression') return { refused: 'the write is not awaited' };
  const b = bindingOf(ctx.tree, call);
  if (!b) return { refused: "the write's result is used in a way tocscan does not rewrite" };
  const fresh = freshName(write.sql.kind === 'insert' ? 'inserted' : 'updated', ctx.text.slice(...range(ctx.fn)));
  const count = countOf(write.driver, b, fresh, returning);
  if (!count) return { refused: `no affected-row count for ${write.driver ?? 'this driver'} here` };
  const edits: FixEdit[] = [];
  if (write.driver === 'mysql2') {
    const typing = mysqlTyping(ctx, call);
    if ('refused' in typing) return typing;
    edits.push(...typing);
  }
  const stmt = ctx.tree.listed(call)!.stmt;
  const [s, e] = range(stmt);
  if (count.declare) edits.push({ offset: s, endOffset: s, text: count.declare });
  const indent = indentOf(ctx.text, s);
  const nl = newline(ctx.text);
  edits.push({ offset: e, endOffset: e, text: `${nl}${indent}if (${count.count} === 0) ${exitCode(exit, indent, ctx.unit, nl)}` });
  return { edits, count: count.count };
}
