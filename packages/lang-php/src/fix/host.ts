/**
 * The PHP FixHost: answers the fix planner's questions from php-parser's AST.
 */
import type { ExitPath, FixEdit, FixHost, Guard, InsertOrUpdate, LiteralSite, QueryEvent, Refusal, Unit, WrapResult } from '@tocscan/core';
import { indentUnit } from '@tocscan/core';
import type { Call, PhpNode, Program } from '../ast.js';
import { hasEffects } from './effects.js';
import { findGuards } from './guards.js';
import { literalSiteAt } from './literals.js';
import { keepInsertBranch } from './merge.js';
import { readNames, type ReadNames } from './names.js';
import { appendValue, boundSource } from './params.js';
import { rowsCheck } from './rows.js';
import { PhpTree, start } from './tree.js';
import { wrapInTransaction } from './wrap.js';

export class PhpFixHost implements FixHost {
  readonly lang = 'php' as const;
  private readonly tree: PhpTree;
  private readonly unit: string;

  constructor(
    program: Program,
    readonly text: string,
  ) {
    this.tree = new PhpTree(program, text);
    this.unit = indentUnit(text, '    ');
  }

  private call(q: QueryEvent): Call | undefined {
    return this.tree.callAt(q.loc);
  }

  private names(read: QueryEvent, write: QueryEvent): { names: ReadNames; fn: PhpNode } | undefined {
    const readCall = this.call(read);
    const fn = readCall && this.tree.functionOf(readCall);
    if (!readCall || !fn) return undefined;
    return { names: readNames(this.tree, fn, readCall, write.loc.offset), fn };
  }

  literalAt(offset: number): LiteralSite | undefined {
    return literalSiteAt(this.tree.literals, this.text, offset);
  }

  readNames(_unit: Unit, read: QueryEvent, write: QueryEvent): ReadonlySet<string> {
    return this.names(read, write)?.names.all ?? new Set();
  }

  guards(_unit: Unit, read: QueryEvent, write: QueryEvent): Guard[] | undefined {
    const found = this.names(read, write);
    const readCall = this.call(read);
    const writeCall = this.call(write);
    if (!found || !readCall || !writeCall || this.tree.functionOf(writeCall) !== found.fn) return undefined;
    return findGuards({ tree: this.tree, text: this.text, names: found.names }, readCall, writeCall);
  }

  effectsBefore(from: number, write: QueryEvent): boolean {
    const call = this.call(write);
    const stmt = call && this.tree.listed(call);
    const fn = call && this.tree.functionOf(call);
    if (!stmt || !fn) return true;
    return hasEffects(fn, from, start(stmt.stmt));
  }

  addParam(q: QueryEvent, source: string): { edits: FixEdit[]; position: number } | Refusal {
    const call = this.call(q);
    return call ? appendValue(call, q, source, this.text) : { refused: 'the write is not a call tocscan can find' };
  }

  paramSource(q: QueryEvent, placeholder: string, n: number): string | undefined {
    const call = this.call(q);
    return call ? boundSource(call, q, placeholder, n, this.text) : undefined;
  }

  rowsCheck(_unit: Unit, write: QueryEvent, exit: ExitPath): { edits: FixEdit[]; count: string } | Refusal {
    const call = this.call(write);
    const fn = call && this.tree.functionOf(call);
    if (!call || !fn) return { refused: 'the write is not a call tocscan can find' };
    return rowsCheck({ tree: this.tree, text: this.text, unit: this.unit, fn }, write, call, exit);
  }

  wrapInTransaction(unit: Unit, read: QueryEvent, writes: readonly QueryEvent[]): WrapResult | Refusal {
    return wrapInTransaction({ tree: this.tree, text: this.text, unit: this.unit }, read, writes, unit.events);
  }

  insertOrUpdate(_unit: Unit, read: QueryEvent, insert: QueryEvent, update: QueryEvent): InsertOrUpdate | Refusal {
    const found = this.names(read, insert);
    const insertCall = this.call(insert);
    const updateCall = this.call(update);
    if (!found || !insertCall || !updateCall) return { refused: 'the INSERT and the UPDATE are not calls tocscan can find' };
    return keepInsertBranch({ tree: this.tree, text: this.text, names: found.names }, insertCall, updateCall);
  }
}
