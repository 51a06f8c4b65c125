/**
 * ajv's errors as sentences a person can act on: where (the key), what is wrong, what is allowed.
 *
 *   rules.check-then-act: "warning" is not allowed; use one of "off", "warn", "error"
 *   queryFunctions[1].returns: "row" is not allowed; use one of "rows", "result", "affected-rows"
 *   (top level): unknown key "presets"; known keys: include, exclude, preset, …
 */
import type { ErrorObject } from 'ajv';

interface SchemaNode {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, unknown>;
  description?: string;
  anyOf?: SchemaNode[];
}

/** `/queryFunctions/2/call` → `queryFunctions[2].call`. */
export function keyPath(instancePath: string): string {
  if (instancePath === '') return '(top level)';
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function sentence(e: ErrorObject): string {
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  switch (e.keyword) {
    case 'type':
      return `must be ${article(String(e.params.type))}, not ${article(typeOf(e.data))} (${show(e.data)})`;
    case 'enum':
      return `${show(e.data)} is not allowed; use one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'additionalProperties':
      return `unknown key ${show(e.params.additionalProperty)}; known keys: ${Object.keys(schema.properties ?? {}).join(', ')}`;
    case 'required':
      return `missing key ${show(e.params.missingProperty)}`;
    case 'minimum':
      return `must be ${e.params.comparison} ${e.params.limit}, not ${show(e.data)}`;
    case 'minLength':
      return 'must not be empty';
    case 'pattern':
      return `${show(e.data)} is not allowed${schema.description ? `; expected ${lowerFirst(schema.description)}` : ''}`;
    case 'anyOf':
      return `${show(e.data)} is not allowed; expected ${(schema.anyOf ?? []).map(describe).join(', or ')}`;
    default:
      return e.message ?? 'is not valid';
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}

function describe(branch: SchemaNode): string {
  if (branch.type === 'object') return `an object with the keys ${Object.keys(branch.properties ?? {}).join(', ')}`;
  return branch.description ? lowerFirst(branch.description) : article(branch.type ?? 'value');
}

/**
 * One message per problem. Where a value may take several forms (`anyOf`), only the errors of the form
 * matching the value's type are kept (a misspelt key of the object form, not "must be a string");
 * when no form has that type, the `anyOf` error itself says which forms there are.
 */
export function configMessages(errors: readonly ErrorObject[]): string[] {
  const dropped = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const branches = ((e.parentSchema ?? {}) as SchemaNode).anyOf ?? [];
    const type = typeOf(e.data);
    const chosen = branches.findIndex((b) => b.type === type || (b.type === 'number' && type === 'integer'));
    for (const other of errors) {
      if (other === e || !other.schemaPath.startsWith(`${e.schemaPath}/`)) continue;
      const branch = Number(other.schemaPath.slice(e.schemaPath.length + 1).split('/')[0]);
      if (chosen < 0 || branch !== chosen) dropped.add(other);
    }
    if (chosen >= 0) dropped.add(e);
  }
  const lines = errors.filter((e) => !dropped.has(e)).map((e) => `${keyPath(e.instancePath)}: ${sentence(e)}`);
  return [...new Set(lines)];
}
