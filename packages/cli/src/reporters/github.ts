/**
 * GitHub Actions workflow commands, one annotation per problem:
 *   ::error file=src/a.ts,line=12,col=5,endLine=12,endColumn=40,title=tocscan/check-then-act::message
 * Columns are 1-based; `endColumn` is the last column of the span (inclusive). Escaping follows the
 * workflow-command rules: in the message `%`, CR and LF; in properties also `:` and `,`.
 */
import type { Finding } from '@tocscan/core';
import type { FileError } from '../report.js';
import type { Reporter } from './types.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: 'error' | 'warning', properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level} ${props}::${escapeData(message)}`;
}

function findingCommand(f: Finding): string {
  const col = f.loc.column + 1;
  const message = f.read ? `${f.message}\nRead at ${f.read.file}:${f.read.loc.line}:${f.read.loc.column + 1}: ${f.read.sql}` : f.message;
  return command(
    f.severity,
    {
      file: f.file,
      line: f.loc.line,
      col,
      endLine: f.loc.endLine,
      endColumn: Math.max(f.loc.endLine === f.loc.line ? col : 1, f.loc.endColumn),
      title: `tocscan/${f.ruleId}`,
    },
    message,
  );
}

function errorCommand(e: FileError): string {
  const position: Record<string, number> = e.line === undefined ? {} : { line: e.line, col: (e.column ?? 0) + 1 };
  return command(e.severity, { file: e.file, ...position, title: `tocscan/${e.kind}` }, e.message);
}

export const github: Reporter = (report) => {
  const lines = [...report.errors.map(errorCommand), ...report.findings.map(findingCommand)];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
