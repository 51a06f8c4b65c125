/**
 * Baselines, as PHPStan users know them: `--generate-baseline` records today's findings, `--baseline`
 * reports only findings that are not in it and counts the entries that no longer occur. The entries
 * and how they match findings are @tocscan/core baseline.ts (the language server applies them too).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ajv } from '../lazy.js';
import { BASELINE_FORMAT, baselineEntryOf, baselineKey, hideBaselined, type BaselineEntry, type BaselineFile, type Finding } from '@tocscan/core';
import { rules as allRules } from '@tocscan/rules';
import { displayPath, UsageError } from '../discover.js';
import type { Report } from '../report.js';

export const DEFAULT_BASELINE = 'tocscan-baseline.json';
export { BASELINE_FORMAT, type BaselineEntry, type BaselineFile };

export interface BaselineResult {
  report: Report;
  /** Findings the baseline hid. */
  matched: number;
  /** Entries (counting `count`) of the scanned files no finding matched: fixed since the baseline was made. */
  fixed: number;
}

const entrySchema = {
  type: 'object',
  properties: {
    rule: { type: 'string', minLength: 1 },
    file: { type: 'string', minLength: 1 },
    unit: { type: 'string' },
    table: { type: 'string' },
    read: { type: 'string' },
    write: { type: 'string' },
    count: { type: 'integer', minimum: 1 },
  },
  required: ['rule', 'file', 'unit', 'count'],
  additionalProperties: false,
};
const baselineSchema = {
  type: 'object',
  properties: { tocscanBaseline: { const: BASELINE_FORMAT }, entries: { type: 'array', items: entrySchema } },
  required: ['tocscanBaseline', 'entries'],
};
/** Compiled on first use: most runs read no baseline. */
let validator: ValidateFunction<BaselineFile> | undefined;

/** Rule findings only: the comments' own findings (unused suppressions) are never baselined. */
const BASELINED_RULES = new Set(allRules.map((r) => r.id));

/** A finding's file relative to the baseline's directory. */
const fileFrom = (root: string, dir: string) => (f: Finding) => relative(dir, resolve(root, f.file)).split(sep).join('/');

/** The baseline of a report, entries sorted so the file diffs well. */
export function baselineOf(report: Report, baselinePath: string): BaselineFile {
  const dir = dirname(baselinePath);
  const byKey = new Map<string, BaselineEntry>();
  const fileOf = fileFrom(report.root, dir);
  for (const f of report.findings) {
    if (!BASELINED_RULES.has(f.ruleId)) continue;
    const e = baselineEntryOf(f, fileOf(f));
    const key = baselineKey(e);
    const known = byKey.get(key);
    if (known) known.count++;
    else byKey.set(key, { ...e, count: 1 });
  }
  const order = (e: BaselineEntry) => [e.file, e.rule, e.unit, e.table ?? '', e.read ?? '', e.write ?? ''];
  const entries = [...byKey.values()].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
  return { tocscanBaseline: BASELINE_FORMAT, entries };
}

/** Writes the file whole or not at all (a temporary file renamed over it). */
export async function writeBaseline(baseline: BaselineFile, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(temporary, `${JSON.stringify(baseline, null, 2)}\n`);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

export async function readBaseline(path: string, cwd: string): Promise<BaselineFile> {
  const shown = displayPath(path, cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? '; create it with tocscan --generate-baseline' : '';
    throw new UsageError(`Cannot read the baseline ${shown} (${code ?? (error as Error).message})${hint}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The baseline ${shown} is not valid JSON: ${(error as Error).message}.`);
  }
  validator ??= new (ajv().Ajv)().compile<BaselineFile>(baselineSchema);
  if (!validator(value)) {
    const e = validator.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the file';
    throw new UsageError(`The baseline ${shown} is not a tocscan baseline (format ${BASELINE_FORMAT}): ${where} ${e?.message ?? 'is invalid'}; regenerate it with tocscan --generate-baseline.`);
  }
  return value;
}

/** Drops the findings the baseline lists; counts the entries left over. */
export function applyBaseline(report: Report, baseline: BaselineFile, baselinePath: string): BaselineResult {
  const dir = dirname(baselinePath);
  const { kept: findings, matched, remaining } = hideBaselined(report.findings, baseline.entries, fileFrom(report.root, dir), (f) => BASELINED_RULES.has(f.ruleId));
  // Left-over entries count as fixed when their file was scanned (or is gone): a run over part of the
  // project (a directory, a shard) says nothing about the entries of the other files.
  const scanned = new Set(report.files.map((f) => resolve(report.root, f)));
  let fixed = 0;
  for (const e of baseline.entries) {
    const left = remaining.get(baselineKey(e)) ?? 0;
    if (left === 0) continue;
    remaining.set(baselineKey(e), 0);
    const file = resolve(dir, e.file);
    if (scanned.has(file) || !existsSync(file)) fixed += left;
  }
  return { report: { ...report, findings }, matched, fixed };
}
