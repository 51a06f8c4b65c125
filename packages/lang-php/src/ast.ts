/**
 * The php-parser AST shapes this frontend reads. php-parser ships class declarations whose `kind` is a
 * plain string, so nothing narrows; these interfaces describe the same objects with literal kinds and
 * `is(node, kind)` narrows to them. Every field may be missing on nodes built during error recovery.
 */

export interface PhpPosition {
  line: number;
  column: number;
  offset: number;
}

export interface PhpLocation {
  start: PhpPosition;
  end: PhpPosition;
}

export interface PhpNode {
  kind: string;
  loc?: PhpLocation | null;
}

export interface Program extends PhpNode {
  kind: 'program';
  children: PhpNode[];
  errors?: ParseError[];
}

export interface ParseError extends PhpNode {
  kind: 'error';
  message: string;
  line: number;
  token?: string;
}

export interface Identifier extends PhpNode {
  kind: 'identifier';
  name: string;
}

export interface Name extends PhpNode {
  kind: 'name';
  name: string;
}

export interface Variable extends PhpNode {
  kind: 'variable';
  /** A string for `$x`; an expression for `${'x'}`. */
  name: string | PhpNode;
}

export interface StringLit extends PhpNode {
  kind: 'string';
  value: string;
  raw: string;
  isDoubleQuote: boolean;
}

export interface NumberLit extends PhpNode {
  kind: 'number';
  value: string;
}

export interface BooleanLit extends PhpNode {
  kind: 'boolean';
  value: boolean;
}

export interface Nowdoc extends PhpNode {
  kind: 'nowdoc';
  value: string;
  raw: string;
}

export interface EncapsedPart extends PhpNode {
  kind: 'encapsedpart';
  expression: PhpNode;
  syntax: 'simple' | 'complex' | null;
}

export interface Encapsed extends PhpNode {
  kind: 'encapsed';
  value: EncapsedPart[];
  raw: string;
  type: 'string' | 'heredoc' | 'shell';
}

export interface Bin extends PhpNode {
  kind: 'bin';
  type: string;
  left: PhpNode;
  right: PhpNode;
}

export interface Unary extends PhpNode {
  kind: 'unary';
  type: string;
  what: PhpNode;
}

export interface Cast extends PhpNode {
  kind: 'cast';
  type: string;
  expr: PhpNode;
}

export interface RetIf extends PhpNode {
  kind: 'retif';
  test: PhpNode;
  trueExpr: PhpNode | null;
  falseExpr: PhpNode;
}

export interface Assign extends PhpNode {
  kind: 'assign';
  left: PhpNode;
  right?: PhpNode;
  operator: string;
}

export interface AssignRef extends PhpNode {
  kind: 'assignref';
  left: PhpNode;
  right: PhpNode;
}

export interface Call extends PhpNode {
  kind: 'call';
  what?: PhpNode;
  arguments: PhpNode[];
}

export interface New extends PhpNode {
  kind: 'new';
  what: PhpNode;
  arguments: PhpNode[];
}

export interface NamedArgument extends PhpNode {
  kind: 'namedargument';
  name: string;
  value: PhpNode;
}

/** `$a->b` (`propertylookup`) and `$a?->b` (`nullsafepropertylookup`). */
export interface PropertyLookup extends PhpNode {
  kind: 'propertylookup' | 'nullsafepropertylookup';
  what: PhpNode;
  offset: PhpNode;
}

export interface StaticLookup extends PhpNode {
  kind: 'staticlookup';
  what: PhpNode;
  offset: PhpNode;
}

export interface OffsetLookup extends PhpNode {
  kind: 'offsetlookup';
  what: PhpNode;
  offset: PhpNode | null;
}

export interface Entry extends PhpNode {
  kind: 'entry';
  key: PhpNode | null;
  value: PhpNode;
}

export interface ArrayLit extends PhpNode {
  kind: 'array';
  items: PhpNode[];
}

export interface ListLit extends PhpNode {
  kind: 'list';
  items: PhpNode[];
}

export interface Parameter extends PhpNode {
  kind: 'parameter';
  name: Identifier | null;
  type: PhpNode | null;
  value: PhpNode | null;
  /** Non-zero for constructor-promoted parameters (visibility flags). */
  flags?: number;
}

export interface FunctionLike extends PhpNode {
  arguments: Parameter[];
}

export interface FunctionDecl extends FunctionLike {
  kind: 'function';
  name: Identifier | string | null;
  body: Block | null;
}

export interface Method extends FunctionLike {
  kind: 'method';
  name: Identifier | string | null;
  body: Block | null;
  isStatic: boolean;
}

export interface Closure extends FunctionLike {
  kind: 'closure';
  uses: PhpNode[];
  body: Block | null;
}

export interface ArrowFunc extends FunctionLike {
  kind: 'arrowfunc';
  body: PhpNode;
}

export interface ClassLike extends PhpNode {
  kind: 'class' | 'trait' | 'enum' | 'interface';
  name: Identifier | string | null;
  body: PhpNode[];
  extends?: PhpNode | PhpNode[] | null;
}

export interface PropertyStatement extends PhpNode {
  kind: 'propertystatement';
  properties: Property[];
  isStatic: boolean;
}

export interface Property extends PhpNode {
  kind: 'property';
  name: Identifier | string | null;
  value: PhpNode | null;
  type: PhpNode | null;
}

export interface ClassConstant extends PhpNode {
  kind: 'classconstant' | 'constantstatement';
  constants: Constant[];
}

export interface Constant extends PhpNode {
  kind: 'constant';
  name: Identifier | string | null;
  value: PhpNode | null;
}

export interface Block extends PhpNode {
  kind: 'block' | 'namespace' | 'declare';
  children: PhpNode[];
}

export interface ExpressionStatement extends PhpNode {
  kind: 'expressionstatement';
  expression: PhpNode;
}

export interface If extends PhpNode {
  kind: 'if';
  test: PhpNode;
  body: PhpNode | null;
  alternate: PhpNode | null;
}

export interface While extends PhpNode {
  kind: 'while' | 'do';
  test: PhpNode;
  body: PhpNode | null;
}

export interface For extends PhpNode {
  kind: 'for';
  init: PhpNode[];
  test: PhpNode[];
  increment: PhpNode[];
  body: PhpNode | null;
}

export interface Foreach extends PhpNode {
  kind: 'foreach';
  source: PhpNode;
  key: PhpNode | null;
  value: PhpNode;
  body: PhpNode | null;
}

export interface Switch extends PhpNode {
  kind: 'switch';
  test: PhpNode;
  body: Block | null;
}

export interface Case extends PhpNode {
  kind: 'case';
  test: PhpNode | null;
  body: Block | null;
}

export interface Try extends PhpNode {
  kind: 'try';
  body: Block;
  catches: CatchClause[];
  always: Block | null;
}

export interface CatchClause extends PhpNode {
  kind: 'catch';
  body: Block;
  variable: Variable | null;
}

export interface Return extends PhpNode {
  kind: 'return';
  expr: PhpNode | null;
}

export interface Throw extends PhpNode {
  kind: 'throw';
  what: PhpNode;
}

export interface Exit extends PhpNode {
  kind: 'exit';
  expression: PhpNode | null;
  useDie: boolean;
}

export interface Global extends PhpNode {
  kind: 'global';
  items: PhpNode[];
}

export interface StaticStatement extends PhpNode {
  kind: 'static';
  /** `static $a = 1` gives a staticvariable, `static $b` a plain variable. */
  variables: (StaticVariable | Variable)[];
}

export interface StaticVariable extends PhpNode {
  kind: 'staticvariable';
  variable: Variable;
  defaultValue: PhpNode | null;
}

export interface Match extends PhpNode {
  kind: 'match';
  cond: PhpNode;
  arms: MatchArm[];
}

export interface MatchArm extends PhpNode {
  kind: 'matcharm';
  conds: PhpNode[] | null;
  body: PhpNode;
}

export interface UseItem extends PhpNode {
  kind: 'useitem';
  name: string;
  alias: Identifier | null;
}

export interface KindMap {
  program: Program;
  identifier: Identifier;
  name: Name;
  variable: Variable;
  string: StringLit;
  number: NumberLit;
  boolean: BooleanLit;
  nowdoc: Nowdoc;
  encapsed: Encapsed;
  encapsedpart: EncapsedPart;
  bin: Bin;
  unary: Unary;
  cast: Cast;
  retif: RetIf;
  assign: Assign;
  assignref: AssignRef;
  call: Call;
  new: New;
  namedargument: NamedArgument;
  propertylookup: PropertyLookup;
  nullsafepropertylookup: PropertyLookup;
  staticlookup: StaticLookup;
  offsetlookup: OffsetLookup;
  entry: Entry;
  array: ArrayLit;
  list: ListLit;
  parameter: Parameter;
  function: FunctionDecl;
  method: Method;
  closure: Closure;
  arrowfunc: ArrowFunc;
  class: ClassLike;
  trait: ClassLike;
  enum: ClassLike;
  interface: ClassLike;
  propertystatement: PropertyStatement;
  property: Property;
  classconstant: ClassConstant;
  constantstatement: ClassConstant;
  block: Block;
  namespace: Block;
  declare: Block;
  expressionstatement: ExpressionStatement;
  if: If;
  while: While;
  do: While;
  for: For;
  foreach: Foreach;
  switch: Switch;
  case: Case;
  try: Try;
  catch: CatchClause;
  return: Return;
  throw: Throw;
  exit: Exit;
  global: Global;
  static: StaticStatement;
  staticvariable: StaticVariable;
  match: Match;
  matcharm: MatchArm;
  useitem: UseItem;
}

export function is<K extends keyof KindMap>(node: unknown, kind: K): node is KindMap[K] {
  return typeof node === 'object' && node !== null && (node as PhpNode).kind === kind;
}

const NOT_CHILDREN = new Set(['loc', 'leadingComments', 'trailingComments', 'attrGroups']);

function isNodeObject(value: unknown): value is PhpNode {
  return typeof value === 'object' && value !== null && typeof (value as PhpNode).kind === 'string';
}

/** Own field names per node kind (php-parser builds every node of a kind with the same fields). */
const FIELDS = new Map<string, string[]>();

function fieldsOf(node: PhpNode): string[] {
  let fields = FIELDS.get(node.kind);
  if (!fields) {
    fields = Object.keys(node).filter((k) => !NOT_CHILDREN.has(k));
    FIELDS.set(node.kind, fields);
  }
  return fields;
}

/** Direct child nodes of any node, for kinds this frontend does not interpret. */
export function childNodes(node: PhpNode): PhpNode[] {
  const out: PhpNode[] = [];
  const record = node as unknown as Record<string, unknown>;
  for (const key of fieldsOf(node)) {
    const value = record[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNodeObject(v)) out.push(v);
    } else if (isNodeObject(value)) out.push(value);
  }
  return out;
}

/** The name of an identifier-or-string name field (`function foo`, `class Foo`, `const X`). */
export function nameOf(name: Identifier | Name | string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (typeof name === 'string') return name;
  return typeof name.name === 'string' ? name.name : undefined;
}

/** `$x` → `x`; undefined for variable variables (`${$name}`). */
export function variableName(node: PhpNode | null | undefined): string | undefined {
  return is(node, 'variable') && typeof node.name === 'string' ? node.name : undefined;
}
