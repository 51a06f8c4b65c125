/**
 * SARIF 2.1.0: one run; one result per finding with `locations[0]` at the write and the read as
 * related location 1 (then the other `finding.related` entries from 2 on); per-file problems as tool execution
 * notifications. Paths are relative URIs against `%SRCROOT%` (the working directory).
 * Columns: SARIF counts UTF-16 code units from 1 with an exclusive end; a `Loc` counts from 0
 * with an exclusive end, so both ends shift by one.
 */
import { pathToFileURL } from 'node:url';
import { docsUrl, type Loc } from '@tocscan/core';
import { relatedBesides, type FileError, type Report, type RuleInfo } from '../report.js';
import type { Reporter } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/tocscan/tocscan';
export const FINGERPRINT_KEY = 'tocscan/v1';
const SRCROOT = '%SRCROOT%';

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region?: Region;
}

/** A `/`-separated relative path as a relative URI reference (each segment percent-encoded). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function sarifRegion(loc: Loc): Region {
  return { startLine: loc.line, startColumn: loc.column + 1, endLine: loc.endLine, endColumn: loc.endColumn + 1 };
}

function physical(file: string, region?: Region): PhysicalLocation {
  return { artifactLocation: { uri: pathToUri(file), uriBaseId: SRCROOT }, ...(region ? { region } : {}) };
}

function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return m ? m[0] : text.trim();
}

function ruleDescriptor(rule: RuleInfo) {
  const url = docsUrl(rule.id);
  return {
    id: rule.id,
    shortDescription: { text: firstSentence(rule.description) },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nDocumentation: ${url}` },
    helpUri: url,
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ['concurrency', 'sql', 'race-condition'] },
  };
}

function notification(e: FileError) {
  const region = e.line === undefined ? undefined : { startLine: e.line, startColumn: (e.column ?? 0) + 1 };
  return {
    level: e.severity,
    message: { text: e.message },
    descriptor: { id: e.kind },
    locations: [{ physicalLocation: physical(e.file, region) }],
  };
}

/** The SARIF log as an object (exported for tests and for embedding). */
export function toSarif(report: Report) {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => {
    const index = ruleIndex.get(f.ruleId);
    const related = [
      ...(f.read ? [{ id: 1, physicalLocation: physical(f.read.file, sarifRegion(f.read.loc)), message: { text: 'read' } }] : []),
      ...relatedBesides(f, [f.read]).map((r, i) => ({ id: i + 2, physicalLocation: physical(r.file, sarifRegion(r.loc)), message: { text: r.message } })),
    ];
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: f.severity,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: physical(f.file, sarifRegion(f.loc)),
          ...(f.unit ? { logicalLocations: [{ fullyQualifiedName: f.unit }] } : {}),
        },
      ],
      ...(related.length > 0 ? { relatedLocations: related } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'tocscan',
            version: report.version,
            semanticVersion: report.version,
            informationUri: INFORMATION_URI,
            rules: report.rules.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.errors.map(notification) }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits' as const,
        results,
      },
    ],
  };
}

export const sarif: Reporter = (report) => `${JSON.stringify(toSarif(report), null, 2)}\n`;
