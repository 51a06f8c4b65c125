/**
 * The affected-row check after a PHP write: `$stmt->rowCount()` (PDO), `$stmt->affected_rows` /
 * `mysqli_affected_rows($link)` (mysqli), `mysql_affected_rows()`, `pg_affected_rows($result)`, and
 * the count Laravel's `DB::update()`, `$wpdb->query()` and Doctrine DBAL return (bound to a variable
 * when the code drops it). Then `if (<count> === 0) <exit>` with the guard's own exit.
 */
import type { ExitPath, FixEdit, QueryEvent, Refusal } from '@tocscan/core';
import { freshName, indentOf, newline } from '@tocscan/core';
import { is, type Call, type PhpNode } from '../ast.js';
import { varName } from './names.js';
import { end, exprEnd, nodesIn, start, type PhpTree } from './tree.js';

export interface RowsContext {
  tree: PhpTree;
  text: string;
  unit: string;
  fn: PhpNode;
}

function src(ctx: RowsContext, n: PhpNode | null | undefined): string | undefined {
  return n ? ctx.text.slice(start(n), exprEnd(n, ctx.text)) : undefined;
}

function names(call: Call): { fn?: string; method?: string; receiver?: PhpNode; staticClass?: string } {
  const what = call.what;
  if (is(what, 'name')) return { fn: what.name.replace(/^.*\\/, '').toLowerCase() };
  if ((is(what, 'propertylookup') || is(what, 'nullsafepropertylookup')) && is(what.offset, 'identifier')) return { method: what.offset.name.toLowerCase(), receiver: what.what };
  if (is(what, 'staticlookup') && is(what.offset, 'identifier')) return { method: what.offset.name.toLowerCase(), staticClass: is(what.what, 'name') ? what.what.name : undefined };
  return {};
}

/** `$stmt->bind_param(…)` is called in the function: a mysqli statement, whatever the connection is typed as. */
function bindsParams(fn: PhpNode, handle: PhpNode): boolean {
  const name = varName(handle);
  if (!name) return false;
  for (const n of nodesIn(fn)) {
    if (is(n, 'call') && is(n.what, 'propertylookup') && is(n.what.offset, 'identifier') && n.what.offset.name === 'bind_param' && varName(n.what.what) === name) return true;
  }
  return false;
}

/** The count expression; `result` is the variable holding the call's value when the count comes from it. */
type Count = { count: string } | { fromResult: (result: string) => string; rename?: { at: [number, number]; to: string } };

function countOf(ctx: RowsContext, write: QueryEvent, call: Call): Count | undefined {
  const { fn, method, receiver, staticClass } = names(call);
  const args = call.arguments ?? [];
  if (method === 'execute' && receiver && args.length <= 1) {
    if (write.driver === 'pdo') return { count: `${src(ctx, receiver)}->rowCount()` };
    if (write.driver === 'mysqli' || bindsParams(ctx.fn, receiver)) return { count: `${src(ctx, receiver)}->affected_rows` };
    return undefined;
  }
  if (fn === 'mysqli_stmt_execute') return { count: `mysqli_stmt_affected_rows(${src(ctx, args[0])})` };
  if (fn === 'mysqli_query') return { count: `mysqli_affected_rows(${src(ctx, args[0])})` };
  if (fn === 'mysql_query') return { count: args[1] ? `mysql_affected_rows(${src(ctx, args[1])})` : 'mysql_affected_rows()' };
  if (fn === 'pg_query' || fn === 'pg_query_params') return { fromResult: (r) => `pg_affected_rows(${r})` };
  if (method === 'query' && write.driver === 'mysqli' && receiver) return { count: `${src(ctx, receiver)}->affected_rows` };
  if (staticClass && /^\\?(Illuminate\\Support\\Facades\\)?DB$/i.test(staticClass) && method) {
    if (method === 'update' || method === 'delete' || method === 'affectingstatement') return { fromResult: (r) => r };
    if (method === 'insert' || method === 'statement') {
      const what = call.what as PhpNode & { offset: PhpNode };
      return { fromResult: (r) => r, rename: { at: [start(what.offset), end(what.offset)], to: 'affectingStatement' } };
    }
    return undefined;
  }
  if (write.driver === 'wpdb' && method && ['query', 'update', 'delete', 'insert', 'replace'].includes(method)) return { fromResult: (r) => r };
  if (write.driver === 'dbal' && method && ['executestatement', 'executeupdate', 'update', 'delete', 'insert'].includes(method)) return { fromResult: (r) => r };
  if (write.driver === 'pdo' && method === 'exec') return { fromResult: (r) => r };
  return undefined;
}

/** Statements of an exit, written at `indent` (`{ … }` when the guard used braces). */
export function exitCode(exit: ExitPath, indent: string, unit: string, nl: string): string {
  const place = (stmt: string, at: string) => stmt.split(/\r?\n/).join(`${nl}${at}`);
  if (!exit.block && exit.statements.length === 1) return place(exit.statements[0], indent);
  const inner = indent + unit;
  return `{${nl}${exit.statements.map((s) => inner + place(s, inner)).join(nl)}${nl}${indent}}`;
}

export function rowsCheck(ctx: RowsContext, write: QueryEvent, call: Call, exit: ExitPath): { edits: FixEdit[]; count: string } | Refusal {
  const listed = ctx.tree.listed(call);
  const stmt = listed?.stmt;
  if (!stmt || !is(stmt, 'expressionstatement')) return { refused: 'the write is not a statement of its own' };
  const counted = countOf(ctx, write, call);
  if (!counted) return { refused: `no affected-row count for ${write.driver ?? 'this driver'} here` };
  const edits: FixEdit[] = [];
  let count: string;
  if ('count' in counted) {
    if (stmt.expression !== call && !(is(stmt.expression, 'assign') && stmt.expression.right === call)) return { refused: "the write's statement does more than run it" };
    count = counted.count;
  } else {
    let result: string | undefined;
    if (stmt.expression === call) {
      result = freshName('affected', ctx.text.slice(start(ctx.fn), end(ctx.fn)), '$');
      result = `$${result}`;
      edits.push({ offset: start(stmt), endOffset: start(stmt), text: `${result} = ` });
    } else if (is(stmt.expression, 'assign') && stmt.expression.right === call) {
      result = varName(stmt.expression.left);
    }
    if (!result) return { refused: "the write's result is used in a way tocscan does not rewrite" };
    if (counted.rename) edits.push({ offset: counted.rename.at[0], endOffset: counted.rename.at[1], text: counted.rename.to });
    count = counted.fromResult(result);
  }
  const indent = indentOf(ctx.text, start(stmt));
  const nl = newline(ctx.text);
  edits.push({ offset: end(stmt), endOffset: end(stmt), text: `${nl}${indent}if (${count} === 0) ${exitCode(exit, indent, ctx.unit, nl)}` });
  return { edits, count };
}
