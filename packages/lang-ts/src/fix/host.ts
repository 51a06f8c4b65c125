/**
 * The TypeScript/JavaScript FixHost: answers the fix planner's questions from the ESTree program
 * (typescript-estree's, or the one ESLint hands a rule).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { ExitPath, FixEdit, FixHost, Guard, InsertOrUpdate, LiteralSite, QueryEvent, Refusal, Unit, WrapResult } from '@tocscan/core';
import { indentUnit } from '@tocscan/core';
import { range, type Node } from '../ast.js';
import { hasEffects } from './effects.js';
import { findGuards } from './guards.js';
import { literalSiteAt } from './literals.js';
import { keepInsertBranch } from './merge.js';
import { readNames, type ReadNames } from './names.js';
import { appendValue, boundSource } from './params.js';
import { rowsCheck } from './rows.js';
import { Tree } from './tree.js';
import { wrapInTransaction } from './wrap.js';

const TYPED = /\.(ts|tsx|mts|cts)$/i;

export class TsFixHost implements FixHost {
  readonly lang = 'ts' as const;
  private readonly tree: Tree;
  private readonly unit: string;

  constructor(
    program: TSESTree.Program,
    readonly text: string,
    private readonly path: string,
  ) {
    this.tree = new Tree(program);
    this.unit = indentUnit(text, '  ');
  }

  private call(q: QueryEvent): Node | undefined {
    return this.tree.callAt(q.loc);
  }

  private names(read: QueryEvent, write: QueryEvent): { names: ReadNames; fn: Node } | undefined {
    const readCall = this.call(read);
    const fn = readCall && this.tree.functionOf(readCall);
    if (!readCall || !fn) return undefined;
    return { names: readNames(this.tree, fn, readCall, write.loc.offset), fn };
  }

  literalAt(offset: number): LiteralSite | undefined {
    return literalSiteAt(this.tree.literalNodes, this.text, offset);
  }

  readNames(_unit: Unit, read: QueryEvent, write: QueryEvent): ReadonlySet<string> {
    return this.names(read, write)?.names.all ?? new Set();
  }

  guards(_unit: Unit, read: QueryEvent, write: QueryEvent): Guard[] | undefined {
    const found = this.names(read, write);
    const readCall = this.call(read);
    const writeCall = this.call(write);
    if (!found || !readCall || !writeCall || this.tree.functionOf(writeCall) !== found.fn) return undefined;
    return findGuards({ tree: this.tree, source: this.text, names: found.names }, readCall, writeCall);
  }

  effectsBefore(from: number, write: QueryEvent): boolean {
    const call = this.call(write);
    const stmt = call && this.tree.listed(call);
    const fn = call && this.tree.functionOf(call);
    if (!stmt || !fn) return true;
    return hasEffects(this.tree, fn, from, range(stmt.stmt)[0]);
  }

  addParam(q: QueryEvent, source: string): { edits: FixEdit[]; position: number } | { interpolate: string } | Refusal {
    const call = this.call(q);
    if (!call) return { refused: 'the write is not a call tocscan can find' };
    if (call.type === 'TaggedTemplateExpression') return { interpolate: source };
    return appendValue(q, call, source, this.text);
  }

  paramSource(q: QueryEvent, placeholder: string, n: number): string | undefined {
    const call = this.call(q);
    return call ? boundSource(q, call, placeholder, n, this.text) : undefined;
  }

  rowsCheck(_unit: Unit, write: QueryEvent, exit: ExitPath, returning: boolean): { edits: FixEdit[]; count: string } | Refusal {
    const call = this.call(write);
    const fn = call && this.tree.functionOf(call);
    if (!call || !fn) return { refused: 'the write is not a call inside a function' };
    return rowsCheck({ tree: this.tree, text: this.text, typed: TYPED.test(this.path), unit: this.unit, fn }, write, call, exit, returning);
  }

  wrapInTransaction(unit: Unit, read: QueryEvent, writes: readonly QueryEvent[]): WrapResult | Refusal {
    return wrapInTransaction({ tree: this.tree, text: this.text, unit: this.unit }, read, writes, unit.events);
  }

  insertOrUpdate(_unit: Unit, read: QueryEvent, insert: QueryEvent, update: QueryEvent): InsertOrUpdate | Refusal {
    const found = this.names(read, insert);
    const insertCall = this.call(insert);
    const updateCall = this.call(update);
    if (!found || !insertCall || !updateCall) return { refused: 'the INSERT and the UPDATE are not calls tocscan can find' };
    return keepInsertBranch({ tree: this.tree, source: this.text, names: found.names }, insertCall, updateCall);
  }
}
