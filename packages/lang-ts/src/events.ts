/**
 * The walk of one unit: expressions in evaluation order (calls are recognised in calls.ts), bindings
 * (destructuring, member targets, `+=` appends of SQL), classes and the functions found on the way,
 * which become units of their own. Statements are walked by statements.ts, events recorded by recorder.ts.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { Unit } from '@tocscan/core';
import { asFunction, calleeText, childNodes, keyName, locOf, staticPath, unwrap, type FunctionNode, type Node } from './ast.js';
import { evalCall, evalNew, evalTagged } from './calls.js';
import type { EvalOpts, FileContext, UnitJob } from './context.js';
import { Env } from './env.js';
import { concatText, holeText, literalText, templateText } from './sql-text.js';
import { StatementWalker } from './statements.js';
import { derive, either, elementOf, emptyVal, join, memberOf, paramVal, staticPart, withDeps, type Val } from './taint.js';
import {
  bindingName,
  functionNaming,
  memberKeyName,
  methodNaming,
  paramNames,
  prototypeOwner,
  realParams,
  sqliteTransactionCallback,
  type UnitNaming,
} from './units.js';

export class UnitWalker extends StatementWalker {
  constructor(
    ctx: FileContext,
    readonly env: Env,
    private readonly classEnv?: Env,
    private readonly className?: string,
  ) {
    super(ctx);
  }

  /** Walks a unit's body and returns the finished unit. */
  run(job: UnitJob): Unit {
    this.frames.push({ kind: 'unit', returns: [], blocks: [] });
    const body = job.body;
    let params: string[] = [];
    if (body.type === 'Program' || body.type === 'StaticBlock') {
      this.walkStatements(body.body, 'body');
    } else {
      params = paramNames(body, this.ctx.source);
      realParams(body).forEach((p, i) => this.bind(p, paramVal(i)));
      this.walkFunctionBody(body);
    }
    const line = job.locNode.loc.start.line;
    const events = this.finishEvents();
    const unit: Unit = {
      name: job.naming?.name ?? (body.type === 'Program' ? '<module>' : `<anonymous@${line}>`),
      kind: job.naming?.kind ?? (body.type === 'Program' ? 'module' : 'closure'),
      params,
      loc: locOf(job.locNode),
      events,
      returns: this.returns,
    };
    if (job.naming?.className) unit.className = job.naming.className;
    if (job.naming?.simpleName) unit.simpleName = job.naming.simpleName;
    if (job.transactionBody) unit.transactionBody = job.transactionBody;
    return unit;
  }

  protected enqueueFunction(fn: FunctionNode, naming: UnitNaming | undefined, locNode: Node = fn, transactionBody?: Unit['transactionBody']): void {
    this.ctx.enqueue({ body: fn, locNode, naming, outer: this.env, classEnv: this.classEnv, className: this.className, transactionBody });
  }

  /** better-sqlite3 `const buy = db.transaction(fn)`: `fn` is a unit named `buy` whose body runs in a serializing transaction. */
  enqueueSqliteTransaction(call: Node, fn: FunctionNode, naming: UnitNaming | undefined): void {
    const callee = unwrap((unwrap(call) as TSESTree.CallExpression).callee);
    this.enqueueFunction(fn, naming, call, { api: calleeText(callee), serializing: true });
  }

  protected walkDeclarator(d: TSESTree.VariableDeclarator): void {
    if (!d.init) return;
    const name = bindingName(d.id);
    const sqliteTx = sqliteTransactionCallback(d.init, this.ctx.modules);
    if (sqliteTx) {
      this.enqueueSqliteTransaction(d.init, sqliteTx, name !== undefined ? functionNaming(name) : undefined);
      return;
    }
    this.bind(d.id, this.evalExpr(d.init, { naming: name !== undefined ? functionNaming(name) : undefined }));
  }

  protected walkClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string | undefined): void {
    if (node.superClass) this.evalExpr(node.superClass);
    const classEnv = new Env(this.env);
    const members = node.body.body;
    const ctor = members.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    const ordered = ctor ? [ctor, ...members.filter((m) => m !== ctor)] : members;
    for (const m of ordered) {
      if (m.type === 'MethodDefinition') {
        const key = memberKeyName(m);
        if (m.value.type === 'FunctionExpression' && key !== undefined) {
          this.ctx.enqueue({ body: m.value, locNode: m, naming: methodNaming(key, name), outer: classEnv, classEnv, className: name });
        }
      } else if (m.type === 'PropertyDefinition') {
        this.walkField(m, name, classEnv);
      } else if (m.type === 'StaticBlock') {
        this.ctx.enqueue({ body: m, locNode: m, outer: classEnv, classEnv, className: name });
      }
    }
  }

  /** A class field: a method when it holds a function, else its static content (prepared statements, SQL) for the methods. */
  private walkField(m: TSESTree.PropertyDefinition, className: string | undefined, classEnv: Env): void {
    const key = memberKeyName(m);
    if (!m.value || key === undefined) return;
    const fn = asFunction(m.value);
    if (fn) {
      this.ctx.enqueue({ body: fn, locNode: m, naming: methodNaming(key, className), outer: classEnv, classEnv, className });
      return;
    }
    const sqliteTx = sqliteTransactionCallback(m.value, this.ctx.modules);
    if (sqliteTx) {
      const callee = unwrap((unwrap(m.value) as TSESTree.CallExpression).callee);
      this.ctx.enqueue({
        body: sqliteTx,
        locNode: m,
        naming: methodNaming(key, className),
        outer: classEnv,
        classEnv,
        className,
        transactionBody: { api: calleeText(callee), serializing: true },
      });
      return;
    }
    // Field initialisers run in the constructor, not here: evaluate for their static content only.
    const detached = new UnitWalker(this.ctx, new Env(classEnv), classEnv, className);
    detached.frames.push({ kind: 'unit', returns: [], blocks: [] });
    classEnv.set(m.static ? `${className ?? ''}.${key}` : `this.${key}`, staticPart(detached.evalExpr(m.value)));
  }

  /** Binds a pattern (identifier, destructuring, member target) to a value. */
  bind(pattern: Node, v: Val): void {
    const p = unwrap(pattern);
    switch (p.type) {
      case 'Identifier':
        this.env.set(p.name, v);
        return;
      case 'MemberExpression': {
        const path = staticPath(p);
        if (path === undefined) return;
        this.env.set(path, v);
        if (path.startsWith('this.')) {
          if (this.classEnv && (v.sql || v.prepared || v.props)) this.classEnv.set(path, staticPart(v));
          return;
        }
        const root = path.slice(0, path.indexOf('.'));
        this.env.set(root, withDeps(this.env.get(root) ?? emptyVal(), v));
        return;
      }
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') {
            this.bind(prop.argument, derive(v));
            continue;
          }
          if (prop.computed) this.evalExpr(prop.key);
          this.bind(prop.value, memberOf(v, keyName(prop.key, prop.computed)));
        }
        return;
      case 'ArrayPattern':
        p.elements.forEach((el, i) => {
          if (!el) return;
          if (el.type === 'RestElement') this.bind(el.argument, derive(v));
          else this.bind(el, elementOf(v, i));
        });
        return;
      case 'AssignmentPattern':
        this.bind(p.left, withDeps(v, this.evalExpr(p.right)));
        return;
      case 'TSParameterProperty':
        this.bind(p.parameter, v);
        return;
      case 'RestElement':
        this.bind(p.argument, v);
        return;
      default:
        return;
    }
  }

  private evalAssign(node: TSESTree.AssignmentExpression): Val {
    const target = bindingName(node.left);
    if (node.operator === '=') {
      const sqliteTx = sqliteTransactionCallback(node.right, this.ctx.modules);
      if (sqliteTx) {
        this.enqueueSqliteTransaction(node.right, sqliteTx, target !== undefined ? functionNaming(target) : undefined);
        return emptyVal();
      }
      const exports = ['module.exports', 'exports'].includes(staticPath(node.left) ?? '');
      const v = this.evalExpr(node.right, { naming: this.assignmentNaming(node.left, target), exports });
      this.bind(node.left, v);
      return v;
    }
    const old = this.evalExpr(node.left);
    const right = this.evalExpr(node.right);
    let v = join(old, right);
    if (node.operator === '+=' && (old.sql || right.sql)) {
      v = { ...v, sql: concatText(old.sql ?? holeText(node.left, this.ctx.source), right.sql ?? holeText(node.right, this.ctx.source)) };
    }
    this.bind(node.left, v);
    return v;
  }

  /** `Foo.prototype.bar = function` is a method of Foo; `this.bar = () => …` one of the current class. */
  private assignmentNaming(left: Node, target: string | undefined): UnitNaming | undefined {
    if (target === undefined) return undefined;
    const owner = prototypeOwner(left);
    if (owner) return methodNaming(target, owner);
    const l = unwrap(left);
    if (l.type === 'MemberExpression' && unwrap(l.object).type === 'ThisExpression' && this.className) return methodNaming(target, this.className);
    return functionNaming(target);
  }

  evalExpr(node: Node, opts: EvalOpts = {}): Val {
    const n = unwrap(node);
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'string' ? { ...emptyVal(), sql: literalText(n, n.value) } : emptyVal();
      case 'TemplateLiteral': {
        const holes = n.expressions.map((e) => this.evalExpr(e));
        const quasis = n.quasis.map((q) => ({ node: q as Node, cooked: q.value.cooked ?? q.value.raw }));
        return { ...join(...holes), sql: templateText(n, quasis, holes.map((h) => h.sql), this.ctx.source) };
      }
      case 'Identifier':
        if (this.isTablePrefix(n)) return emptyVal();
        return this.env.get(n.name) ?? emptyVal();
      case 'ThisExpression':
        return this.frame().thisVal ?? emptyVal();
      case 'MemberExpression':
        return this.evalMember(n);
      case 'CallExpression':
        return evalCall(this, n);
      case 'NewExpression':
        return evalNew(this, n);
      case 'TaggedTemplateExpression':
        return evalTagged(this, n, opts.sqlArg === true);
      case 'AwaitExpression':
        return this.evalExpr(n.argument);
      case 'BinaryExpression': {
        const leftNode = n.left;
        const left = this.evalExpr(leftNode);
        const right = this.evalExpr(n.right);
        const v = join(left, right);
        if (n.operator === '+' && (left.sql || right.sql)) {
          v.sql = concatText(left.sql ?? holeText(leftNode, this.ctx.source), right.sql ?? holeText(n.right, this.ctx.source), n);
        }
        return v;
      }
      case 'LogicalExpression': {
        const left = this.evalExpr(n.left);
        this.markCondition(left);
        let right = emptyVal();
        this.withGuard(left.deps, () => (right = this.evalExpr(n.right)));
        return either(left, right);
      }
      case 'ConditionalExpression': {
        const test = this.evalExpr(n.test);
        this.markCondition(test);
        let cons = emptyVal();
        let alt = emptyVal();
        this.withGuard(test.deps, () => {
          cons = this.evalExpr(n.consequent);
          alt = this.evalExpr(n.alternate);
        });
        return withDeps(either(cons, alt), test);
      }
      case 'UnaryExpression': {
        const v = this.evalExpr(n.argument);
        return n.operator === 'void' || n.operator === 'delete' ? emptyVal() : derive(v);
      }
      case 'UpdateExpression': {
        const v = derive(this.evalExpr(n.argument));
        this.bind(n.argument, v);
        return v;
      }
      case 'AssignmentExpression':
        return this.evalAssign(n);
      case 'SequenceExpression': {
        let last = emptyVal();
        for (const e of n.expressions) last = this.evalExpr(e);
        return last;
      }
      case 'ArrayExpression': {
        const elements = n.elements.map((e) => (e ? this.evalExpr(e) : emptyVal()));
        return { ...join(...elements), elements };
      }
      case 'ObjectExpression':
        return this.evalObject(n, undefined, opts.exports);
      case 'SpreadElement':
        return this.evalExpr(n.argument);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.enqueueFunction(n, opts.naming);
        return emptyVal();
      case 'ClassExpression':
        this.walkClass(n, n.id?.name ?? opts.naming?.name);
        return emptyVal();
      case 'YieldExpression':
        return n.argument ? this.evalExpr(n.argument) : emptyVal();
      case 'Super':
      case 'MetaProperty':
      case 'PrivateIdentifier':
      case 'ImportExpression':
        return emptyVal();
      default:
        return join(...childNodes(n).map((c) => this.walkAny(c)));
    }
  }

  /** A configured table prefix (`TABLE_PREFIX`, `this.prefix`) is a hole in SQL text whatever its value, so tables keep one name across files. */
  private isTablePrefix(n: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
    const path = this.ctx.settings.empty ? undefined : staticPath(n);
    return path !== undefined && this.ctx.settings.isTablePrefix(path);
  }

  private evalMember(n: TSESTree.MemberExpression): Val {
    if (this.isTablePrefix(n)) return emptyVal();
    const path = staticPath(n);
    const known = path !== undefined ? this.env.get(path) : undefined;
    if (known) return known;
    const obj = this.evalExpr(n.object);
    if (!n.computed) return memberOf(obj, keyName(n.property, false));
    const prop = unwrap(n.property);
    if (prop.type === 'Literal' && typeof prop.value === 'number') return elementOf(obj, prop.value);
    if (prop.type === 'Literal' && typeof prop.value === 'string') return memberOf(obj, prop.value);
    this.evalExpr(n.property);
    return elementOf(obj, undefined);
  }

  /**
   * An object literal. Its function-valued properties are units: methods called through the object, or
   * functions when the object is `module.exports` (callers import them by name). With `sqlKeys`, the SQL
   * text of those properties (`{ text, values }` configs) becomes the value's SQL.
   */
  evalObject(n: TSESTree.ObjectExpression, sqlKeys?: ReadonlySet<string>, exported = false): Val {
    const vals: Val[] = [];
    const props = new Map<string, Val>();
    let sql: Val | undefined;
    for (const p of n.properties) {
      if (p.type === 'SpreadElement') {
        const spread = this.evalExpr(p.argument);
        for (const [k, v] of spread.props ?? []) {
          props.set(k, v);
          if (sqlKeys?.has(k) && v.sql) sql = v;
        }
        vals.push(spread);
        continue;
      }
      if (p.computed) vals.push(this.evalExpr(p.key));
      const key = keyName(p.key, p.computed);
      const naming = key === undefined ? undefined : exported ? functionNaming(key) : methodNaming(key, undefined);
      const sqliteTx = sqliteTransactionCallback(p.value, this.ctx.modules);
      if (sqliteTx) {
        this.enqueueSqliteTransaction(p.value, sqliteTx, naming);
        continue;
      }
      const v = this.evalExpr(p.value, { naming, sqlArg: key !== undefined && sqlKeys?.has(key) });
      if (key !== undefined) props.set(key, v);
      if (key !== undefined && sqlKeys?.has(key) && v.sql) sql = v;
      vals.push(v);
    }
    const out: Val = { ...join(...vals), props };
    if (sql?.sql) out.sql = sql.sql;
    return out;
  }
}
