/**
 * Findings and problems as LSP diagnostics.
 */
import { docsUrl, type Finding } from '@tocscan/core';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { failureDiagnostic, findingDiagnostic, problemDiagnostic } from '../src/diagnostics.js';

const loc = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn, offset: 0, endOffset: 0 });

const FINDING: Finding = {
  ruleId: 'insert-if-absent',
  severity: 'warning',
  messageId: 'duplicate',
  data: {},
  message: 'wishlist_items: checked at line 3 and inserted at line 6; …',
  file: '/w/src/Wishlist.php',
  loc: loc(6, 8, 7, 12),
  read: { file: '/w/src/Wishlist.php', loc: loc(3, 4, 3, 20), sql: 'SELECT 1 FROM wishlist_items WHERE id = ?', api: '$stmt->execute' },
  related: [
    { file: '/w/src/Wishlist.php', loc: loc(3, 4, 3, 20), message: 'read of wishlist_items: SELECT 1 FROM wishlist_items WHERE id = ?' },
    { file: '/w/src/Repo.php', loc: loc(40, 8, 40, 30), message: "the write's SQL, in Repo.add" },
  ],
  timeline: [],
  unit: 'Wishlist.add',
  fingerprint: 'abc',
};

describe('findingDiagnostic', () => {
  it('maps 1-based lines to LSP\'s 0-based ones and carries rule id, docs, severity and the read', () => {
    const uri = 'file:///w/src/Wishlist.php';
    expect(findingDiagnostic(FINDING, uri, { relatedInformation: true, codeDescription: true })).toEqual({
      range: { start: { line: 5, character: 8 }, end: { line: 6, character: 12 } },
      severity: 2,
      source: 'tocscan',
      code: 'insert-if-absent',
      codeDescription: { href: docsUrl('insert-if-absent') },
      message: FINDING.message,
      data: { fingerprint: 'abc' },
      relatedInformation: [
        { location: { uri, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } } }, message: FINDING.related[0].message },
        { location: { uri: 'file:///w/src/Repo.php', range: { start: { line: 39, character: 8 }, end: { line: 39, character: 30 } } }, message: FINDING.related[1].message },
      ],
    });
  });

  it('leaves out what the client cannot show', () => {
    const d = findingDiagnostic({ ...FINDING, severity: 'error' }, 'untitled:1', { relatedInformation: false, codeDescription: false });
    expect(d.severity).toBe(1);
    expect(d).not.toHaveProperty('relatedInformation');
    expect(d).not.toHaveProperty('codeDescription');
  });
});

describe('problemDiagnostic', () => {
  const document = TextDocument.create('file:///w/a.php', 'php', 1, '<?php\nfunction f( {\n  $x = ;\n');

  it('underlines the token at the syntax error, as Information', () => {
    expect(problemDiagnostic({ severity: 'syntax', line: 2, column: 12, message: "unexpected '{'" }, document)).toEqual({
      range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } },
      severity: 3,
      source: 'tocscan',
      code: 'syntax',
      message: "Syntax error (tocscan analysed the rest of the file): unexpected '{'",
    });
  });

  it('stays inside the document for positions past a line end or the last line', () => {
    const d = problemDiagnostic({ severity: 'fatal', line: 9, column: 40, message: 'Unexpected end of input' }, document);
    expect(d.range).toEqual({ start: { line: 8, character: 0 }, end: { line: 8, character: 0 } });
    expect(d).toMatchObject({ severity: 2, code: 'parse', message: 'Parse error: Unexpected end of input' });
    expect(problemDiagnostic({ severity: 'syntax', line: 3, column: 80, message: 'x' }, document).range.start).toEqual({ line: 2, character: 8 });
  });
});

describe('failureDiagnostic', () => {
  it('says tocscan failed, at the top of the file', () => {
    expect(failureDiagnostic('the analysis took longer than 30 s and was stopped')).toMatchObject({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 2,
      code: 'internal',
      message: 'tocscan could not analyse this file (please report it): the analysis took longer than 30 s and was stopped',
    });
  });
});
