/**
 * Turns rule hits into findings: locations, the statements, the two-request timeline and a stable fingerprint.
 */
import { createHash } from 'node:crypto';
import type { Finding, RelatedLocation, Severity, StatementRef, TimelineRow } from '../findings.js';
import { compareFindings } from '../findings.js';
import { fillMessage, type FileAnalysis, type RuleHit, type RuleModule } from '../rule.js';
import type { Pair, Step } from './types.js';

export function findingsFor(
  analysis: FileAnalysis,
  rules: readonly RuleModule[],
  severities: ReadonlyMap<string, Severity>,
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const severity = severities.get(rule.id);
    if (!severity) continue;
    for (const hit of rule.check(analysis)) {
      const finding = toFinding(rule, severity, hit, analysis.file);
      if (!finding) continue;
      const key = `${finding.ruleId}:${finding.loc.offset}:${finding.read?.loc.offset ?? ''}:${finding.table ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  findings.sort(compareFindings);
  disambiguateFingerprints(findings);
  return findings;
}

/** Values every pair message can use: table, lines, statements. */
export function pairMessageData(pair: Pair): Record<string, string> {
  return {
    table: pair.table,
    readLine: String(pair.read.site.line),
    writeLine: String(pair.write.site.line),
    readSql: shorten(pair.read.query.sql.normalized),
    writeSql: shorten(pair.write.query.sql.normalized),
    readVia: pair.read.via.length ? ` (in ${pair.read.via.join(' → ')})` : '',
    writeVia: pair.write.via.length ? ` (in ${pair.write.via.join(' → ')})` : '',
    writeKind: pair.write.query.sql.kind.toUpperCase(),
  };
}

function toFinding(rule: RuleModule, severity: Severity, hit: RuleHit, file: string): Finding | undefined {
  const template = rule.messages[hit.messageId];
  if (!template) throw new Error(`rule ${rule.id} reported unknown messageId ${hit.messageId}`);
  const message = fillMessage(template, hit.data);
  const base = { ruleId: rule.id, severity, messageId: hit.messageId, data: hit.data, message };
  if (hit.pair) {
    const { pair } = hit;
    const read = statementRef(pair.read, file);
    const write = statementRef(pair.write, file);
    const related: RelatedLocation[] = [
      { file, loc: pair.read.site, message: `read of ${pair.table}: ${read.sql}` },
    ];
    if (read.via) related.push({ file: read.via.file, loc: read.via.loc, message: `the read's SQL, in ${read.via.unit}` });
    if (write.via) related.push({ file: write.via.file, loc: write.via.loc, message: `the write's SQL, in ${write.via.unit}` });
    return {
      ...base,
      file,
      loc: pair.write.site,
      table: pair.table,
      read,
      write,
      related,
      timeline: pairTimeline(pair),
      unit: pair.unit.name,
      fingerprint: fingerprint([rule.id, file, stableUnitName(pair.unit.name), pair.table, fingerprintSql(read.sql), fingerprintSql(write.sql)]),
    };
  }
  if (hit.site) {
    const { step } = hit.site;
    const ref = statementRef(step, hit.site.file.path);
    const table = step.query.sql.tables[0];
    return {
      ...base,
      file: hit.site.file.path,
      loc: step.site,
      table,
      read: ref,
      related: [],
      timeline: lockingReadTimeline(ref.sql),
      unit: hit.site.unit.name,
      fingerprint: fingerprint([rule.id, hit.site.file.path, stableUnitName(hit.site.unit.name), fingerprintSql(ref.sql)]),
    };
  }
  if (hit.tx) {
    const { event, unit } = hit.tx;
    return {
      ...base,
      file: hit.tx.file.path,
      loc: event.loc,
      related: [],
      timeline: pooledTransactionTimeline(event.api),
      unit: unit.name,
      fingerprint: fingerprint([rule.id, hit.tx.file.path, stableUnitName(unit.name), event.api, 'BEGIN']),
    };
  }
  return undefined;
}

function statementRef(step: Step, file: string): StatementRef {
  const ref: StatementRef = { file, loc: step.site, sql: step.query.sql.normalized, api: step.query.api };
  if (step.via.length) ref.via = { file: step.file.path, loc: step.query.loc, unit: step.unit.name };
  return ref;
}

function pairTimeline(pair: Pair): TimelineRow[] {
  const read = shorten(pair.read.query.sql.normalized, 60);
  const write = shorten(pair.write.query.sql.normalized, 60);
  const decide =
    pair.shape === 'insert-if-absent'
      ? 'finds no row'
      : pair.shape === 'lost-update'
        ? 'computes the new value'
        : 'checks the row: OK';
  const damage =
    pair.shape === 'insert-if-absent'
      ? `both insert: duplicate rows in ${pair.table}`
      : pair.shape === 'lost-update'
        ? `A's update is overwritten: lost update on ${pair.table}`
        : `B acts on a stale read: the check passed twice on ${pair.table}`;
  return [
    { a: read },
    { b: read },
    { a: decide },
    { b: decide },
    { a: write },
    { b: write, note: damage },
  ];
}

function lockingReadTimeline(sql: string): TimelineRow[] {
  const read = shorten(sql, 60);
  return [
    { a: `${read} (autocommit: lock released at once)` },
    { b: `${read} (does not wait)` },
    { a: 'writes' },
    { b: 'writes', note: 'the lock protected nothing' },
  ];
}

function pooledTransactionTimeline(api: string): TimelineRow[] {
  return [
    { a: `${api}('BEGIN') (connection 1, back in the pool, transaction open)` },
    { a: 'SELECT … (connection 2: autocommit)' },
    { b: 'SELECT … (does not wait)' },
    { a: 'UPDATE …' },
    { b: 'UPDATE …', note: 'the BEGIN protected nothing' },
  ];
}

/** A unit's name without the line numbers of anonymous units (`<anonymous@12>` → `<anonymous>`), so moving code keeps it. */
export function stableUnitName(name: string): string {
  return name.replace(/@\d+/g, '');
}

/** SQL as fingerprints compare it: runs of whitespace, and spacing around punctuation (`qty=?` / `qty = ?`), do not count. */
export function fingerprintSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/ ?([^\w\s]) ?/g, '$1').trim();
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Same statements twice in one unit: suffix in order of appearance so fingerprints stay unique and stable. */
function disambiguateFingerprints(findings: Finding[]): void {
  const count = new Map<string, number>();
  for (const f of findings) {
    const n = count.get(f.fingerprint) ?? 0;
    count.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = `${f.fingerprint}:${n}`;
  }
}

export function shorten(sql: string, max = 80): string {
  return sql.length <= max ? sql : `${sql.slice(0, max - 1)}…`;
}
