/**
 * The published JSON Schema of the configuration (packages/cli/schema/tocscan.config.schema.json),
 * compiled once with ajv.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajv } from '../lazy.js';

/** Same relative path from src/config/ and dist/config/. */
export const SCHEMA_PATH = '../../schema/tocscan.config.schema.json';

export const configSchema = createRequire(import.meta.url)(SCHEMA_PATH) as Record<string, unknown>;

let validator: ValidateFunction | undefined;

/** Validates a parsed configuration; returns ajv's errors (empty when valid). */
export function schemaErrors(value: unknown): ErrorObject[] {
  validator ??= new (ajv().Ajv)({ allErrors: true, verbose: true }).compile(configSchema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}
