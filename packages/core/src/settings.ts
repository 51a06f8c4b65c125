/**
 * Project settings that change what a frontend recognises: in-house query wrappers, transaction
 * functions and table-prefix expressions. The CLI reads them from `tocscan.config.json`, the ESLint
 * rules take them as options; both frontends receive them in their ExtractOptions.
 *
 * A call is named by a pattern:
 *   `sqlQuery`                      a function (PHP and TS)
 *   `$db->fetchRow`, `*->fetchRow`  a PHP method, on a receiver whose trailing names are `db` (`$db`,
 *                                   `$this->db`, `self::$db`), or on any receiver
 *   `Db::q`, `*::q`                 a PHP static method (the class without its namespace)
 *   `db.fetchRow`, `*.fetchRow`     a TS/JS method, on a receiver whose trailing names are `db`
 * PHP names compare case-insensitively (as PHP does), TS names exactly.
 */
import type { Isolation, Lang, TxAction } from './model.js';

/** What a configured query function gives back. */
export type QueryResult = 'rows' | 'result' | 'affected-rows';

export interface QueryFunction {
  call: string;
  /** Index of the argument holding the SQL text (default 0). */
  sqlArgument?: number;
  /**
   * `rows`: the data read (rows, a row, a value); `result`: a result handle to fetch from (testing it
   * checks success, not data); `affected-rows`: the number of rows a write changed. Default: guessed
   * from the name (`fetch…`, `get…`, `select…` return rows).
   */
  returns?: QueryResult;
}

export interface TransactionFunction {
  call: string;
  /** Isolation level the transaction runs at (begin and callback entries). */
  isolation?: Isolation;
  /** For callback entries: index of the argument holding the function run in the transaction (default 0). */
  callbackArgument?: number;
}

export type CallEntry<T> = string | T;

export interface TransactionFunctions {
  begin?: readonly CallEntry<TransactionFunction>[];
  commit?: readonly string[];
  rollback?: readonly string[];
  /** Functions that run a callback inside a transaction (`withTransaction(fn)`, `$db->atomic(fn)`). */
  callback?: readonly CallEntry<TransactionFunction>[];
}

export interface SourceSettings {
  /** In-house functions and methods that run SQL. */
  queryFunctions?: readonly CallEntry<QueryFunction>[];
  transactionFunctions?: TransactionFunctions;
  /**
   * Expressions holding a table-name prefix (`DB_PREFIX`, `$this->prefix`, `TABLE_PREFIX`): never read
   * for their value, so `DB_PREFIX . 'product'` names the table `product` in every file.
   */
  tablePrefixes?: readonly string[];
}

/** What a call matching a configured pattern is. */
export type ConfiguredCall =
  | { kind: 'query'; sqlArgument: number; returns?: QueryResult }
  | { kind: 'tx'; action: TxAction; isolation?: Isolation }
  | { kind: 'callback'; callbackArgument: number; isolation?: Isolation };

/** A call as a frontend sees it. `receiver`: the receiver's names (`$this->db` → `['this', 'db']`); undefined when not a plain path. */
export interface CallSite {
  kind: 'function' | 'method' | 'static';
  name: string;
  receiver?: readonly string[];
}

interface CallPattern {
  kind: CallSite['kind'];
  name: string;
  /** `['*']` for any receiver. */
  receiver: string[];
}

const PHP_FORM = String.raw`(?:\*|\\?[A-Za-z_][\w\\]*|\$[A-Za-z_]\w*)(?:(?:->|::)\$?[A-Za-z_]\w*)*`;
const TS_FORM = String.raw`(?:\*|[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*`;
const PHP_PATTERN = new RegExp(`^${PHP_FORM}$`);
const TS_PATTERN = new RegExp(`^${TS_FORM}$`);

/** The JSON Schema `pattern` a call pattern must match (either language's form). */
export const CALL_PATTERN_REGEX = `^(?:${PHP_FORM}|${TS_FORM})$`;

/** Parses a pattern for one language; undefined when it is written for the other one (or is malformed). */
export function parseCallPattern(text: string, lang: Lang): CallPattern | undefined {
  const t = text.trim();
  if (lang === 'php') {
    if (!PHP_PATTERN.test(t)) return undefined;
    const parts = t.split(/(->|::)/);
    const name = parts[parts.length - 1];
    if (parts.length === 1) return name.startsWith('$') || name === '*' ? undefined : { kind: 'function', name: stripNamespace(name).toLowerCase(), receiver: [] };
    const kind = parts[parts.length - 2] === '::' ? 'static' : 'method';
    const receiver = parts
      .slice(0, -2)
      .filter((_, i) => i % 2 === 0)
      .map((s, i, all) => (kind === 'static' && i === all.length - 1 ? stripNamespace(s) : s).replace(/^\$/, '').toLowerCase());
    return { kind, name: name.toLowerCase(), receiver };
  }
  if (!TS_PATTERN.test(t)) return undefined;
  const parts = t.split('.');
  const name = parts[parts.length - 1];
  if (parts.length === 1) return name === '*' ? undefined : { kind: 'function', name, receiver: [] };
  return { kind: 'method', name, receiver: parts.slice(0, -1) };
}

function stripNamespace(name: string): string {
  return name.replace(/^.*\\/, '');
}

/** Receiver names of a PHP receiver's source text: `$this->db` → `['this', 'db']`; undefined when it is not a plain chain. */
export function phpReceiverNames(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.replace(/\s+/g, '').split(/\?->|->|::/);
  if (!parts.every((p) => /^\\?\$?[A-Za-z_][\w\\]*$/.test(p))) return undefined;
  return parts.map((p) => stripNamespace(p).replace(/^\$/, ''));
}

function matches(pattern: CallPattern, site: CallSite, lang: Lang): boolean {
  if (pattern.kind !== site.kind) return false;
  const fold = (s: string) => (lang === 'php' ? s.toLowerCase() : s);
  if (pattern.name !== fold(site.name)) return false;
  if (pattern.kind === 'function' || (pattern.receiver.length === 1 && pattern.receiver[0] === '*')) return true;
  const receiver = site.receiver?.map(fold);
  if (!receiver || receiver.length < pattern.receiver.length) return false;
  const offset = receiver.length - pattern.receiver.length;
  return pattern.receiver.every((r, i) => r === receiver[offset + i]);
}

function entry<T extends { call: string }>(e: CallEntry<T>): T {
  return (typeof e === 'string' ? { call: e } : e) as T;
}

/** The settings compiled for one language: answers which calls are configured and which expressions are prefixes. */
export class CompiledSettings {
  private readonly rules: { pattern: CallPattern; call: ConfiguredCall }[] = [];
  private readonly prefixes: ReadonlySet<string>;

  constructor(
    settings: SourceSettings,
    private readonly lang: Lang,
  ) {
    const add = (text: string, call: ConfiguredCall) => {
      const pattern = parseCallPattern(text, lang);
      if (pattern) this.rules.push({ pattern, call });
    };
    for (const e of settings.queryFunctions ?? []) {
      const q = entry<QueryFunction>(e);
      add(q.call, { kind: 'query', sqlArgument: q.sqlArgument ?? 0, ...(q.returns ? { returns: q.returns } : {}) });
    }
    const tx = settings.transactionFunctions ?? {};
    for (const e of tx.begin ?? []) {
      const b = entry<TransactionFunction>(e);
      add(b.call, { kind: 'tx', action: 'begin', ...(b.isolation ? { isolation: b.isolation } : {}) });
    }
    for (const c of tx.commit ?? []) add(c, { kind: 'tx', action: 'commit' });
    for (const r of tx.rollback ?? []) add(r, { kind: 'tx', action: 'rollback' });
    for (const e of tx.callback ?? []) {
      const c = entry<TransactionFunction>(e);
      add(c.call, { kind: 'callback', callbackArgument: c.callbackArgument ?? 0, ...(c.isolation ? { isolation: c.isolation } : {}) });
    }
    this.prefixes = new Set((settings.tablePrefixes ?? []).map(canonicalExpression));
  }

  /** True when nothing is configured (the frontends skip every lookup then). */
  get empty(): boolean {
    return this.rules.length === 0 && this.prefixes.size === 0;
  }

  /** The first configured meaning of a call, in the order the settings list them. */
  match(site: CallSite): ConfiguredCall | undefined {
    return this.rules.find((r) => matches(r.pattern, site, this.lang))?.call;
  }

  /** True when the expression's source text is a configured table prefix. */
  isTablePrefix(source: string): boolean {
    return this.prefixes.size > 0 && this.prefixes.has(canonicalExpression(source));
  }
}

/** Source text compared without spacing and braces of interpolation (`{$this->prefix}`, `${prefix}`), constants without a leading `\`. */
function canonicalExpression(source: string): string {
  let s = source.replace(/\s+/g, '');
  if (/^\$\{.*\}$/.test(s)) s = s.slice(2, -1);
  else if (/^\{\$.*\}$/.test(s)) s = s.slice(1, -1);
  return s.replace(/^\\/, '');
}

const CALL_PATTERN_SCHEMA = {
  type: 'string',
  pattern: CALL_PATTERN_REGEX,
  description: 'A function (`sqlQuery`), PHP method (`$db->fetchRow`, `*->fetchRow`), PHP static method (`Db::q`) or TS method (`db.fetchRow`, `*.fetchRow`).',
};

const ISOLATION_SCHEMA = { type: 'string', enum: ['read-uncommitted', 'read-committed', 'repeatable-read', 'serializable'] };

const TX_ENTRY_SCHEMA = (extra: Record<string, unknown>) => ({
  anyOf: [
    CALL_PATTERN_SCHEMA,
    {
      type: 'object',
      properties: { call: CALL_PATTERN_SCHEMA, isolation: ISOLATION_SCHEMA, ...extra },
      required: ['call'],
      additionalProperties: false,
    },
  ],
});

/**
 * JSON Schema of each SourceSettings key. The ESLint rules' option schema uses it; the CLI's published
 * config schema (packages/cli/schema) holds the same definitions (a test keeps them equal).
 */
export const SOURCE_SETTINGS_SCHEMA = {
  queryFunctions: {
    type: 'array',
    description: 'In-house functions and methods that run SQL.',
    items: {
      anyOf: [
        CALL_PATTERN_SCHEMA,
        {
          type: 'object',
          properties: {
            call: CALL_PATTERN_SCHEMA,
            sqlArgument: { type: 'integer', minimum: 0, description: 'Index of the argument holding the SQL (default 0).' },
            returns: { type: 'string', enum: ['rows', 'result', 'affected-rows'], description: 'What the call gives back (default: guessed from its name).' },
          },
          required: ['call'],
          additionalProperties: false,
        },
      ],
    },
  },
  transactionFunctions: {
    type: 'object',
    description: 'In-house functions that begin, commit or roll back a transaction, or run a callback inside one.',
    properties: {
      begin: { type: 'array', items: TX_ENTRY_SCHEMA({}) },
      commit: { type: 'array', items: CALL_PATTERN_SCHEMA },
      rollback: { type: 'array', items: CALL_PATTERN_SCHEMA },
      callback: {
        type: 'array',
        items: TX_ENTRY_SCHEMA({ callbackArgument: { type: 'integer', minimum: 0, description: 'Index of the function argument (default 0).' } }),
      },
    },
    additionalProperties: false,
  },
  tablePrefixes: {
    type: 'array',
    description: 'Expressions holding a table-name prefix (`DB_PREFIX`, `$this->prefix`, `TABLE_PREFIX`).',
    items: { type: 'string', minLength: 1 },
  },
} as const;
