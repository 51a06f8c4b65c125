/**
 * Statements of a unit (and of the callbacks inlined into it) in order: conditions push guards, early
 * exits guard the rest of their block, jumps end at their loop/switch/label, and try/catch decides
 * whether a throw still leaves. Expressions, bindings and classes are the subclass's (events.ts).
 */
import type { TSESTree } from '@typescript-eslint/types';
import { mergeDeps } from '@tocscan/core';
import { childNodes, type FunctionNode, type Node } from './ast.js';
import type { EvalOpts } from './context.js';
import type { Env } from './env.js';
import { definitelyExits, isProcessExit, type BlockCtx } from './flow.js';
import { EventRecorder, type Frame } from './recorder.js';
import { derive, either, elementOf, emptyVal, join, type Val } from './taint.js';
import { functionNaming, realParams, type UnitNaming } from './units.js';

export abstract class StatementWalker extends EventRecorder {
  abstract readonly env: Env;
  abstract evalExpr(node: Node, opts?: EvalOpts): Val;
  abstract bind(pattern: Node, v: Val): void;
  protected abstract walkDeclarator(d: TSESTree.VariableDeclarator): void;
  protected abstract walkClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string | undefined): void;
  protected abstract enqueueFunction(fn: FunctionNode, naming: UnitNaming | undefined): void;

  /**
   * Walks a callback that runs as part of this unit, its parameters bound to `args`.
   * Returns what it returns (or resolves, for a promise executor). A `throw` inside still leaves the unit.
   */
  inlineCallback(fn: FunctionNode, args: Val[], opts: { thisVal?: Val; executor?: boolean } = {}): Val {
    const params = realParams(fn);
    const outerThis = this.frame().thisVal;
    const resolverParam = opts.executor && params[0]?.type === 'Identifier' ? params[0].name : undefined;
    const frame: Frame = {
      kind: 'callback',
      returns: [],
      blocks: [],
      thisVal: fn.type === 'ArrowFunctionExpression' ? outerThis : opts.thisVal,
      resolver: resolverParam,
    };
    this.frames.push(frame);
    const mark = this.exits.length;
    params.forEach((p, i) => this.bind(p, args[i] ?? emptyVal()));
    this.walkFunctionBody(fn);
    this.exits = this.exits.filter((e, i) => i < mark || e.kind === 'throw');
    this.frames.pop();
    return frame.returns.length ? either(...frame.returns) : emptyVal();
  }

  protected walkFunctionBody(fn: FunctionNode): void {
    if (fn.body.type === 'BlockStatement') this.walkStatements(fn.body.body, 'body');
    else this.handleReturn(this.evalExpr(fn.body));
  }

  protected walkStatements(stmts: readonly Node[], kind: BlockCtx['kind']): void {
    const block: BlockCtx = { stmts, index: 0, kind };
    const blocks = this.frame().blocks;
    blocks.push(block);
    let pushed = 0;
    for (let i = 0; i < stmts.length; i++) {
      block.index = i;
      const mark = this.exits.length;
      this.walkStmt(stmts[i]);
      if (this.exits.length > mark) {
        // Code after an early exit only runs when the exit's conditions went the other way.
        this.guards.push(mergeDeps(...this.exits.slice(mark).map((e) => e.deps)));
        pushed++;
      }
    }
    this.guards.length -= pushed;
    blocks.pop();
  }

  protected walkBranch(s: Node): void {
    this.walkStatements(s.type === 'BlockStatement' ? s.body : [s], 'branch');
  }

  protected walkPlain(s: Node): void {
    this.walkStatements(s.type === 'BlockStatement' ? s.body : [s], 'plain');
  }

  /**
   * Drops the jumps that end at this statement: a loop takes unlabelled break/continue, a switch only
   * unlabelled breaks (a `continue` inside it still targets the loop), a labelled statement its label's.
   */
  protected closeJumps(mark: number, label: string | undefined, target: 'loop' | 'switch' | 'label'): void {
    this.exits = this.exits.filter((e, i) => {
      if (i < mark || (e.kind !== 'break' && e.kind !== 'continue')) return true;
      if (e.label !== undefined) return e.label !== label;
      return target === 'label' || (target === 'switch' && e.kind === 'continue');
    });
  }

  protected walkStmt(s: Node, label?: string): void {
    switch (s.type) {
      case 'VariableDeclaration':
        for (const d of s.declarations) this.walkDeclarator(d);
        return;
      case 'ExpressionStatement':
        this.evalExpr(s.expression);
        if (isProcessExit(s.expression)) this.addExit('return');
        return;
      case 'IfStatement': {
        const test = this.evalExpr(s.test);
        this.markCondition(test);
        const mark = this.env.mark();
        this.withGuard(test.deps, () => {
          this.walkBranch(s.consequent);
          const consequent = this.env.undo(mark);
          if (s.alternate) this.walkBranch(s.alternate);
          this.env.joinBranches([consequent, this.env.undo(mark)]);
        });
        return;
      }
      case 'BlockStatement':
        this.walkStatements(s.body, 'plain');
        return;
      case 'ReturnStatement':
        this.handleReturn(s.argument ? this.evalExpr(s.argument) : emptyVal());
        this.addExit('return');
        return;
      case 'ThrowStatement':
        this.evalExpr(s.argument);
        this.addExit('throw');
        return;
      case 'TryStatement':
        this.walkTry(s);
        return;
      case 'ForStatement': {
        const mark = this.exits.length;
        if (s.init) {
          if (s.init.type === 'VariableDeclaration') this.walkStmt(s.init);
          else this.evalExpr(s.init);
        }
        const test = s.test ? this.evalExpr(s.test) : emptyVal();
        this.markCondition(test);
        this.withGuard(test.deps, () => {
          this.walkPlain(s.body);
          if (s.update) this.evalExpr(s.update);
        });
        this.closeJumps(mark, label, 'loop');
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const mark = this.exits.length;
        const right = this.evalExpr(s.right);
        const item = s.type === 'ForOfStatement' ? elementOf(right, undefined) : derive(right);
        const target = s.left.type === 'VariableDeclaration' ? s.left.declarations[0].id : s.left;
        this.bind(target, item);
        // Iterating over rows read is data flow, not a decision: the item carries the deps.
        this.walkPlain(s.body);
        this.closeJumps(mark, label, 'loop');
        return;
      }
      case 'WhileStatement': {
        const mark = this.exits.length;
        const test = this.evalExpr(s.test);
        this.markCondition(test);
        this.withGuard(test.deps, () => this.walkPlain(s.body));
        this.closeJumps(mark, label, 'loop');
        return;
      }
      case 'DoWhileStatement': {
        const mark = this.exits.length;
        this.walkPlain(s.body);
        this.markCondition(this.evalExpr(s.test));
        this.closeJumps(mark, label, 'loop');
        return;
      }
      case 'SwitchStatement': {
        const mark = this.exits.length;
        const disc = this.evalExpr(s.discriminant);
        for (const c of s.cases) {
          const test = c.test ? this.evalExpr(c.test) : emptyVal();
          const cond = join(disc, test);
          this.markCondition(cond);
          this.withGuard(cond.deps, () => this.walkStatements(c.consequent, 'branch'));
        }
        this.closeJumps(mark, label, 'switch');
        return;
      }
      case 'LabeledStatement': {
        const mark = this.exits.length;
        this.walkStmt(s.body, s.label.name);
        this.closeJumps(mark, s.label.name, 'label');
        return;
      }
      case 'BreakStatement':
        this.addExit('break', s.label?.name);
        return;
      case 'ContinueStatement':
        this.addExit('continue', s.label?.name);
        return;
      case 'FunctionDeclaration':
        if (s.body) this.enqueueFunction(s, s.id ? functionNaming(s.id.name) : undefined);
        return;
      case 'ClassDeclaration':
        this.walkClass(s, s.id?.name);
        return;
      case 'ExportNamedDeclaration':
        if (s.declaration) this.walkStmt(s.declaration);
        return;
      case 'ExportDefaultDeclaration':
        if (s.declaration.type === 'FunctionDeclaration' || s.declaration.type === 'ClassDeclaration') this.walkStmt(s.declaration);
        else this.evalExpr(s.declaration);
        return;
      case 'TSExportAssignment':
        this.evalExpr(s.expression);
        return;
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
      case 'TSDeclareFunction':
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
      case 'TSImportEqualsDeclaration':
        return;
      default:
        for (const c of childNodes(s)) this.walkAny(c);
    }
  }

  /** A node of unknown kind: statements are walked, expressions evaluated. */
  protected walkAny(n: Node): Val {
    if (/Statement$|Declaration$/.test(n.type)) {
      this.walkStmt(n);
      return emptyVal();
    }
    return this.evalExpr(n);
  }

  protected walkTry(s: TSESTree.TryStatement): void {
    const mark = this.exits.length;
    this.walkStatements(s.block.body, 'plain');
    const afterBlock = this.exits.length;
    if (s.handler) {
      if (s.handler.param) this.bind(s.handler.param, emptyVal());
      this.walkStatements(s.handler.body.body, 'branch');
      if (!definitelyExits(s.handler.body)) {
        // The catch clause swallows what the try block threw: code after the statement runs either way.
        this.exits = this.exits.filter((e, i) => i < mark || i >= afterBlock || e.kind !== 'throw');
      }
    }
    if (s.finalizer) this.walkStatements(s.finalizer.body, 'plain');
  }
}
