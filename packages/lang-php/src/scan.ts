/**
 * A first pass over the whole file: helper names (functions and methods defined here), classes with
 * their constants and property defaults, global constants, imports, and the dialect in sight.
 */
import { CompiledSettings, type Dialect, type SourceSettings } from '@tocscan/core';
import { childNodes, is, nameOf, variableName } from './ast.js';
import type { ClassLike, Parameter, PhpNode, Program } from './ast.js';
import { DialectHints } from './dialect.js';
import { connOfType } from './drivers.js';
import type { ConnKind } from './value.js';

export interface ClassInfo {
  name: string;
  /** `const NAME = …` initialisers. */
  constants: Map<string, PhpNode>;
  /** Property default values (`protected $table = 'products';`). */
  props: Map<string, PhpNode>;
  /** Properties typed as a connection (`private PDO $db`, promoted constructor parameters). */
  propConn: Map<string, ConnKind>;
}

export interface FileContext {
  text: string;
  dialect?: Dialect;
  /** Functions and methods defined in this file, lower-cased, with their parameter names. */
  helpers: Map<string, string[]>;
  /** Helper names from other files (options.helperNames), lower-cased. */
  extraHelpers: Set<string>;
  classes: Map<string, ClassInfo>;
  /** Global constants with their initialisers (`const T = '…'`, `define('T', '…')`). */
  constants: Map<string, PhpNode>;
  dbalImported: boolean;
  /** Connection kind assumed for untyped `->query()`/`->prepare()` receivers: the one constructed in this file. */
  defaultConn?: ConnKind;
  /** The project's query wrappers, transaction functions and table prefixes. */
  settings: CompiledSettings;
  /** Closures whose bodies run inline in the enclosing unit (filled by unit discovery). */
  inline: WeakSet<PhpNode>;
}

export function isHelper(file: FileContext, name: string | undefined): boolean {
  if (!name) return false;
  const n = name.toLowerCase();
  return file.helpers.has(n) || file.extraHelpers.has(n);
}

export function paramNames(params: readonly Parameter[] | undefined): string[] {
  return (params ?? []).map((p, i) => nameOf(p.name) ?? `#${i}`);
}

export function scanFile(
  program: Program,
  text: string,
  dialectOverride: Dialect | undefined,
  helperNames?: ReadonlySet<string>,
  settings: SourceSettings = {},
): FileContext {
  const hints = new DialectHints();
  const file: FileContext = {
    text,
    helpers: new Map(),
    extraHelpers: new Set([...(helperNames ?? [])].map((h) => h.toLowerCase())),
    classes: new Map(),
    constants: new Map(),
    dbalImported: false,
    settings: new CompiledSettings(settings, 'php'),
    inline: new WeakSet(),
  };
  const conns = new Set<ConnKind>();
  /** Literal text assigned to variables anywhere (`$dsn = 'mysql:…'`), for PDO DSNs. */
  const texts = new Map<string, string>();
  const news: { cls: string; first: PhpNode | undefined }[] = [];
  const stack: PhpNode[] = [program];
  const classes: ClassLike[] = [];
  while (stack.length) {
    const node = stack.pop()!;
    if (is(node, 'function')) {
      const name = nameOf(node.name);
      if (name && !file.helpers.has(name.toLowerCase())) file.helpers.set(name.toLowerCase(), paramNames(node.arguments));
    } else if (is(node, 'method')) {
      const name = nameOf(node.name);
      if (name && node.body && !file.helpers.has(name.toLowerCase())) file.helpers.set(name.toLowerCase(), paramNames(node.arguments));
    } else if (is(node, 'class') || is(node, 'trait') || is(node, 'enum') || is(node, 'interface')) {
      classes.push(node);
    } else if (is(node, 'constantstatement')) {
      for (const c of node.constants ?? []) {
        const name = nameOf(c.name);
        if (name && c.value) file.constants.set(name, c.value);
      }
    } else if (is(node, 'useitem')) {
      if (/^\\?Doctrine\\DBAL\\/i.test(node.name)) file.dbalImported = true;
    } else if (is(node, 'new')) {
      const cls = is(node.what, 'name') ? node.what.name : undefined;
      if (cls) {
        news.push({ cls, first: node.arguments?.[0] });
        const lower = cls.replace(/^.*\\/, '').toLowerCase();
        if (lower === 'pdo') conns.add('pdo');
        if (lower === 'mysqli') conns.add('mysqli');
      }
    } else if (is(node, 'call')) {
      if (is(node.what, 'name')) {
        const fn = node.what.name.replace(/^.*\\/, '').toLowerCase();
        hints.seeFunction(fn);
        if (fn === 'mysqli_connect') conns.add('mysqli');
        const [k, v] = node.arguments ?? [];
        if (fn === 'define' && is(k, 'string') && v) file.constants.set(k.value, v);
      }
    } else if (is(node, 'assign') && variableName(node.left) && node.right) {
      const lead = leadingText(node.right);
      if (lead) texts.set(variableName(node.left)!, lead);
    } else if (is(node, 'variable') && variableName(node) === 'wpdb') {
      hints.seeWpdb();
    } else if (is(node, 'parameter') || is(node, 'property')) {
      const type = typeName(node.type);
      if (type) hints.seeNew(type, undefined);
    }
    for (const child of childNodes(node)) stack.push(child);
  }
  for (const { cls, first } of news) {
    const name = variableName(first);
    hints.seeNew(cls, name !== undefined ? texts.get(name) : leadingText(first));
  }
  for (const cls of classes) {
    const info = classInfo(cls, file.dbalImported);
    if (info.name && !file.classes.has(info.name.toLowerCase())) file.classes.set(info.name.toLowerCase(), info);
  }
  file.dialect = hints.result(dialectOverride);
  if (conns.size === 1) file.defaultConn = [...conns][0];
  else if (file.dbalImported) file.defaultConn = 'dbal';
  return file;
}

export function classInfo(cls: ClassLike, dbalImported: boolean): ClassInfo {
  const info: ClassInfo = { name: nameOf(cls.name) ?? 'class@anonymous', constants: new Map(), props: new Map(), propConn: new Map() };
  for (const member of cls.body ?? []) {
    if (is(member, 'classconstant')) {
      for (const c of member.constants ?? []) {
        const name = nameOf(c.name);
        if (name && c.value) info.constants.set(name, c.value);
      }
    } else if (is(member, 'propertystatement')) {
      for (const p of member.properties ?? []) {
        const name = nameOf(p.name);
        if (!name) continue;
        if (p.value) info.props.set(name, p.value);
        const conn = connOfType(typeName(p.type), dbalImported);
        if (conn) info.propConn.set(name, conn);
      }
    } else if (is(member, 'method') && nameOf(member.name)?.toLowerCase() === '__construct') {
      for (const p of member.arguments ?? []) {
        const name = nameOf(p.name);
        const conn = connOfType(typeName(p.type), dbalImported);
        if (name && p.flags && conn) info.propConn.set(name, conn);
      }
    }
  }
  return info;
}

/** The literal text an expression starts with: `'mysql:host=…'`, `"sqlite:" . __DIR__`, `sprintf('pgsql:…', …)`. */
function leadingText(node: PhpNode | null | undefined): string | undefined {
  if (is(node, 'string')) return node.value;
  if (is(node, 'encapsed')) {
    const first = node.value?.[0]?.expression;
    return is(first, 'string') ? first.value : undefined;
  }
  if (is(node, 'bin') && node.type === '.') return leadingText(node.left);
  if (is(node, 'call') && is(node.what, 'name') && node.what.name.toLowerCase() === 'sprintf') return leadingText(node.arguments?.[0]);
  return undefined;
}

export function typeName(type: PhpNode | null | undefined): string | undefined {
  if (is(type, 'name')) return type.name;
  const raw = (type as { name?: unknown } | null | undefined)?.name;
  return typeof raw === 'string' ? raw : undefined;
}
