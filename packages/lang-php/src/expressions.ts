/**
 * Expressions: what each value depends on (events, parameters, result handles, counts) and, for
 * strings, the SQL text it carries. Assignments update the unit's variable state.
 */
import type { SqlPiece } from '@tocscan/core';
import { childNodes, is, nameOf, variableName } from './ast.js';
import type { Bin, Encapsed, PhpNode, PropertyLookup, StaticLookup } from './ast.js';
import { evalCall, evalNew } from './calls.js';
import { isWpdbReceiver } from './drivers.js';
import type { Interp } from './interp.js';
import { locOf, sourceOf } from './loc.js';
import { hole, nowdocText, piecesOf, stringText, textAt, wpdbTableText } from './sql-text.js';
import { EMPTY, derive, eventCount, joinVals, union, unionAll } from './value.js';
import type { Val } from './value.js';

/** Superglobals: request input, never a query result. */
const SUPERGLOBALS = new Set(['_GET', '_POST', '_REQUEST', '_COOKIE', '_SERVER', '_FILES', '_SESSION', '_ENV']);

/** The value of an expression; its calls run (and emit their events) as it is evaluated. */
export function evalExpr(ip: Interp, node: PhpNode | null | undefined): Val {
  if (!node) return EMPTY;
  if (isTablePrefix(ip, node)) return EMPTY;
  switch (node.kind) {
    case 'string':
      return is(node, 'string') ? { ...EMPTY, sql: stringText(node) } : EMPTY;
    case 'nowdoc':
      return is(node, 'nowdoc') ? { ...EMPTY, sql: nowdocText(node) } : EMPTY;
    case 'number':
      return is(node, 'number') ? { ...EMPTY, sql: textAt(node, node.value) } : EMPTY;
    case 'boolean':
    case 'nullkeyword':
    case 'magic':
    case 'closure':
    case 'arrowfunc':
    case 'class':
      return EMPTY;
    case 'encapsed':
      return encapsed(ip, node as Encapsed);
    case 'variable':
      return readVariable(ip, node);
    case 'name':
      return constant(ip, node);
    case 'bin':
      return bin(ip, node as Bin);
    case 'cast': {
      if (!is(node, 'cast')) return EMPTY;
      const v = evalExpr(ip, node.expr);
      return node.type === 'string' ? v : union(v);
    }
    case 'retif': {
      if (!is(node, 'retif')) return EMPTY;
      const test = evalExpr(ip, node.test);
      ip.log.markCondition(test);
      const [t, f] = ip.underCondition(test, () => [node.trueExpr ? evalExpr(ip, node.trueExpr) : test, evalExpr(ip, node.falseExpr)]);
      return union(test, t, f);
    }
    case 'assign':
      return assignExpr(ip, node);
    case 'assignref': {
      if (!is(node, 'assignref')) return EMPTY;
      const v = evalExpr(ip, node.right);
      assign(ip, node.left, v);
      return v;
    }
    case 'call':
      return is(node, 'call') ? evalCall(ip, node) : EMPTY;
    case 'new':
      return is(node, 'new') ? evalNew(ip, node) : EMPTY;
    case 'propertylookup':
    case 'nullsafepropertylookup':
      return property(ip, node as PropertyLookup);
    case 'staticlookup':
      return staticLookup(ip, node as StaticLookup);
    case 'offsetlookup': {
      if (!is(node, 'offsetlookup')) return EMPTY;
      if (variableName(node.what) === 'GLOBALS' && is(node.offset, 'string')) return ip.env.get(`$${node.offset.value}`) ?? EMPTY;
      const base = evalExpr(ip, node.what);
      evalExpr(ip, node.offset);
      return derive(base);
    }
    case 'match':
      return match(ip, node);
    case 'exit': {
      evalExpr(ip, (node as { expression?: PhpNode | null }).expression);
      ip.leave('unit');
      return EMPTY;
    }
    case 'throw':
      evalExpr(ip, (node as { what?: PhpNode }).what);
      ip.leave('unit');
      return EMPTY;
    case 'namedargument':
      return evalExpr(ip, (node as { value?: PhpNode }).value);
    default:
      return unionAll(childNodes(node).map((c) => evalExpr(ip, c)));
  }
}

/** Expressions that can name a table prefix. */
const PREFIX_KINDS = new Set(['name', 'variable', 'propertylookup', 'nullsafepropertylookup', 'staticlookup']);

/** A configured table prefix (`DB_PREFIX`, `$this->prefix`) is a hole in SQL text whatever its value, so tables keep one name across files. */
function isTablePrefix(ip: Interp, node: PhpNode): boolean {
  return PREFIX_KINDS.has(node.kind) && !ip.file.settings.empty && ip.file.settings.isTablePrefix(sourceOf(ip.file.text, node));
}

function encapsed(ip: Interp, node: Encapsed): Val {
  const parts = node.value ?? [];
  const vals: Val[] = [];
  const pieces: SqlPiece[] = [];
  for (const part of parts) {
    const expr = part.expression;
    if (is(expr, 'string')) {
      pieces.push({ kind: 'text', text: expr.value, offset: locOf(expr).offset });
      continue;
    }
    const v = evalExpr(ip, expr);
    vals.push(v);
    if (v.sql) for (const p of v.sql.pieces) pieces.push(p);
    else pieces.push(hole(part, ip.file.text));
  }
  const taint = unionAll(vals);
  return node.type === 'shell' ? taint : { ...taint, sql: { pieces, loc: locOf(node) } };
}

function readVariable(ip: Interp, node: PhpNode): Val {
  const name = variableName(node);
  if (name === undefined) {
    const inner = (node as { name?: unknown }).name;
    return typeof inner === 'object' ? derive(evalExpr(ip, inner as PhpNode)) : EMPTY;
  }
  if (name === 'this' || SUPERGLOBALS.has(name)) return EMPTY;
  return ip.env.get(`$${name}`) ?? EMPTY;
}

/** A global constant: its initialiser when defined in this file, else unknown (a hole in SQL). */
function constant(ip: Interp, node: PhpNode): Val {
  const name = nameOf(node as { kind: 'name'; name: string });
  const init = name ? ip.file.constants.get(name) : undefined;
  return init ? ip.constantValue(init) : EMPTY;
}

function bin(ip: Interp, node: Bin): Val {
  const type = node.type;
  if (type === '.') return concat(ip, node);
  if (type === '&&' || type === '||' || type === 'and' || type === 'or' || type === '??') return logical(ip, node);
  return union(evalExpr(ip, node.left), evalExpr(ip, node.right));
}

/**
 * `a && b && c` (also `||`, `and`, `or`, `??`): each operand runs only depending on the ones before
 * it. Chains are flattened without recursion.
 */
function logical(ip: Interp, node: Bin): Val {
  const operands: PhpNode[] = [];
  let cur: PhpNode = node;
  while (is(cur, 'bin') && cur.type === node.type) {
    operands.push(cur.right);
    cur = cur.left;
  }
  operands.push(cur);
  operands.reverse();
  const vals: Val[] = [];
  const depth = ip.conditionDepth();
  try {
    for (const operand of operands) {
      const v = evalExpr(ip, operand);
      if (node.type !== '??') ip.log.markCondition(v);
      vals.push(v);
      ip.pushCondition(v);
    }
  } finally {
    ip.restoreConditions(depth);
  }
  return unionAll(vals);
}

/** A `.` chain, flattened without recursion (generated code concatenates thousands of parts). */
function concat(ip: Interp, node: Bin): Val {
  const operands: PhpNode[] = [];
  let cur: PhpNode = node;
  while (is(cur, 'bin') && cur.type === '.') {
    operands.push(cur.right);
    cur = cur.left;
  }
  operands.push(cur);
  operands.reverse();
  const vals = operands.map((o) => evalExpr(ip, o));
  const pieces: SqlPiece[] = [];
  operands.forEach((o, i) => {
    for (const p of piecesOf(o, vals[i], ip.file.text)) pieces.push(p);
  });
  return { ...unionAll(vals), sql: { pieces, loc: locOf(node) } };
}

function match(ip: Interp, node: PhpNode): Val {
  if (!is(node, 'match')) return EMPTY;
  const cond = evalExpr(ip, node.cond);
  ip.log.markCondition(cond);
  const arms = ip.underCondition(cond, () =>
    (node.arms ?? []).map((arm) => {
      for (const c of arm.conds ?? []) ip.log.markCondition(evalExpr(ip, c));
      return evalExpr(ip, arm.body);
    }),
  );
  return union(cond, ...arms);
}

function property(ip: Interp, node: PropertyLookup): Val {
  const name = is(node.offset, 'identifier') ? node.offset.name : undefined;
  if (name && variableName(node.what) === 'this') return thisProperty(ip, name);
  if (name && isWpdbReceiver(ip.file.text.slice(locOf(node.what).offset, locOf(node.what).endOffset))) {
    if (name === 'prefix' || name === 'base_prefix' || name === 'insert_id' || name === 'last_error') return EMPTY;
    if (name === 'rows_affected') return ip.lastWriteCount();
    const table = wpdbTableText(node, name);
    if (table) return { ...EMPTY, sql: table };
  }
  const receiver = evalExpr(ip, node.what);
  if (!name) evalExpr(ip, node.offset);
  if (name === 'affected_rows') {
    const ids = receiver.stmt?.executions ?? receiver.handles;
    if (ids.length) return eventCount(ids[ids.length - 1]);
    return ip.lastWriteCount();
  }
  return derive(receiver);
}

function thisProperty(ip: Interp, name: string): Val {
  const known = ip.env.get(`$this->${name}`);
  if (known) return known;
  const conn = ip.cls?.propConn.get(name);
  if (conn) return { ...EMPTY, conn };
  const init = ip.cls?.props.get(name);
  return init ? ip.constantValue(init) : EMPTY;
}

function staticLookup(ip: Interp, node: StaticLookup): Val {
  if (is(node.offset, 'variable')) {
    const name = variableName(node.offset);
    return name ? (ip.env.get(`self::$${name}`) ?? EMPTY) : EMPTY;
  }
  const constName = is(node.offset, 'identifier') ? node.offset.name : undefined;
  if (!constName || constName === 'class') return EMPTY;
  const what = node.what;
  const cls =
    is(what, 'name') ? ip.file.classes.get(what.name.replace(/^.*\\/, '').toLowerCase())
    : what?.kind === 'selfreference' || what?.kind === 'staticreference' ? ip.cls
    : undefined;
  const init = cls?.constants.get(constName);
  return init ? ip.constantValue(init) : EMPTY;
}

function assignExpr(ip: Interp, node: PhpNode): Val {
  if (!is(node, 'assign')) return EMPTY;
  const op = node.operator;
  if (op === '=') {
    const v = evalExpr(ip, node.right);
    assign(ip, node.left, v);
    return v;
  }
  const cur = evalExpr(ip, node.left);
  const r = evalExpr(ip, node.right);
  let v: Val;
  if (op === '.=') {
    const pieces = [...piecesOf(node.left, cur, ip.file.text), ...piecesOf(node.right ?? node, r, ip.file.text)];
    v = { ...union(cur, r), sql: { pieces } };
  } else if (op === '??=') v = joinVals(cur, r);
  else v = union(cur, r);
  assign(ip, node.left, v);
  return v;
}

/** Store `v` into an assignment target: variables and `$this->x` strongly, array slots and other properties into their base. */
export function assign(ip: Interp, target: PhpNode | null | undefined, v: Val): void {
  if (!target) return;
  if (is(target, 'list') || is(target, 'array')) {
    const element = derive(v);
    for (const item of target.items ?? []) assign(ip, is(item, 'entry') ? item.value : item, element);
    return;
  }
  const key = keyOf(target);
  if (key) {
    ip.env.set(key, v);
    return;
  }
  const base = baseKey(target);
  if (base) ip.env.set(base, joinVals(ip.env.get(base) ?? EMPTY, union(v)));
}

/** The variable-state key of an assignable place: `$x`, `$this->x`, `self::$x`. */
function keyOf(node: PhpNode): string | undefined {
  const name = variableName(node);
  if (name !== undefined) return name === 'this' ? undefined : `$${name}`;
  if ((is(node, 'propertylookup') || is(node, 'nullsafepropertylookup')) && variableName(node.what) === 'this' && is(node.offset, 'identifier')) {
    return `$this->${node.offset.name}`;
  }
  if (is(node, 'staticlookup') && is(node.offset, 'variable')) {
    const n = variableName(node.offset);
    return n ? `self::$${n}` : undefined;
  }
  return undefined;
}

/** The key of the variable an array slot or property belongs to (`$data['qty']` → `$data`). */
function baseKey(node: PhpNode): string | undefined {
  let cur: PhpNode | undefined = node;
  while (cur) {
    const key = keyOf(cur);
    if (key) return key;
    if (is(cur, 'offsetlookup') || is(cur, 'propertylookup') || is(cur, 'nullsafepropertylookup')) cur = cur.what;
    else return undefined;
  }
  return undefined;
}
