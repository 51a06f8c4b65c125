/**
 * The "suppress on this line" edit and which code actions a request gets.
 */
import { analyzeFiles, findingsFor, presetSeverities, type Finding } from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import { rules } from '@tocscan/rules';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionParams, Range } from 'vscode-languageserver';
import type { QuickFix } from '../src/analysis/protocol.js';
import { codeActionsFor, findingsAt, suppressionEdit, wantsQuickFixes } from '../src/code-actions.js';
import { findingDiagnostic, problemDiagnostic } from '../src/diagnostics.js';
import type { DocumentState } from '../src/document-analyses.js';

const STOCK = [
  '<?php',
  '// Stock decrement: reads the quantity, refuses at zero, writes it back.',
  'function take(mysqli $db, int $id): void',
  '{',
  "    $row = $db->query('SELECT quantity FROM products WHERE id = ' . $id)->fetch_assoc();",
  "    if ($row['quantity'] < 1) {",
  "        throw new RuntimeException('sold out');",
  '    }',
  "\t$db->query('UPDATE products SET quantity = quantity - 1 WHERE id = ' . $id);",
  '}',
  '',
].join('\n');

function findingsIn(text: string): Finding[] {
  const [analysis] = analyzeFiles([parsePhp(text, 'stock.php')]);
  return findingsFor(analysis, rules, presetSeverities(rules, 'recommended'));
}

function suppressed(text: string): string | undefined {
  const document = TextDocument.create('file:///w/stock.php', 'php', 1, text);
  const [finding] = findingsIn(text);
  const edit = suppressionEdit(document, 'php', finding);
  return edit && TextDocument.applyEdits(document, [edit]);
}

describe('suppressionEdit', () => {
  it('inserts the comment above the finding\'s line with its indentation', () => {
    expect(suppressed(STOCK)!.split('\n').slice(7, 10)).toEqual([
      '    }',
      '\t// tocscan-ignore-next-line check-then-act -- TODO: say why this is safe',
      "\t$db->query('UPDATE products SET quantity = quantity - 1 WHERE id = ' . $id);",
    ]);
  });

  it('keeps CRLF line endings', () => {
    const crlf = STOCK.replace(/\n/g, '\r\n');
    expect(suppressed(crlf)).toContain("\r\n\t// tocscan-ignore-next-line check-then-act -- TODO: say why this is safe\r\n\t$db->query('UPDATE");
  });

  it('adds the rule to a suppression comment already on the line above (before the reason, inside /* */)', () => {
    const write = "\t$db->query('UPDATE";
    const withComment = (comment: string) => STOCK.replace(write, `\t${comment}\n${write}`);
    expect(suppressed(withComment('// tocscan-ignore-next-line insert-if-absent -- reviewed'))).toContain(
      '// tocscan-ignore-next-line insert-if-absent, check-then-act -- reviewed\n',
    );
    expect(suppressed(withComment('# tocscan-ignore-next-line insert-if-absent'))).toContain('# tocscan-ignore-next-line insert-if-absent, check-then-act\n');
    expect(suppressed(withComment('/* tocscan-ignore-next-line insert-if-absent */'))).toContain(
      '/* tocscan-ignore-next-line insert-if-absent, check-then-act */\n',
    );
  });

  it('writes `tocscan/<rule>` into an ESLint directive for tocscan rules in TypeScript', () => {
    const text = [
      'export async function take(id: number) {',
      "  const { rows } = await pool.query('SELECT quantity FROM products WHERE id = $1', [id]);",
      "  if (rows[0].quantity < 1) throw new Error('sold out');",
      '  // eslint-disable-next-line tocscan/insert-if-absent -- reviewed',
      "  await pool.query('UPDATE products SET quantity = quantity - 1 WHERE id = $1', [id]);",
      '}',
    ].join('\n');
    const document = TextDocument.create('file:///w/take.ts', 'typescript', 1, text);
    const finding: Finding = { ...findingsIn(STOCK)[0], loc: { line: 5, column: 8, endLine: 5, endColumn: 80, offset: 0, endOffset: 0 } };
    const edit = suppressionEdit(document, 'ts', finding)!;
    expect(TextDocument.applyEdits(document, [edit]).split('\n')[3]).toBe(
      '  // eslint-disable-next-line tocscan/insert-if-absent, tocscan/check-then-act -- reviewed',
    );
  });

  it('offers nothing where a line comment cannot go: the finding\'s line opens PHP', () => {
    const inline = "<html><?php mysql_query('UPDATE votes SET n = ' . ($row['n'] + 1));";
    const [finding] = findingsIn(STOCK);
    const document = TextDocument.create('file:///w/vote.php', 'php', 1, inline);
    expect(suppressionEdit(document, 'php', { ...finding, loc: { ...finding.loc, line: 1, column: 12 } })).toBeUndefined();
  });
});

describe('code actions', () => {
  const document = TextDocument.create('file:///w/stock.php', 'php', 3, STOCK);
  const findings = findingsIn(STOCK);
  const fix: QuickFix = { title: 'Make the UPDATE conditional', preferred: true, edits: [{ offset: 8, endOffset: 10, newText: 'XY' }] };
  const state: DocumentState = {
    version: 3,
    request: { text: STOCK, path: '/w/stock.php', lang: 'php', preset: 'recommended', rules: {}, source: {} },
    result: { findings, problems: [{ severity: 'syntax', line: 9, column: 0, message: 'not a finding' }] },
    diagnostics: [
      ...findings.map((f) => findingDiagnostic(f, document.uri, { relatedInformation: true, codeDescription: true })),
      problemDiagnostic({ severity: 'syntax', line: 9, column: 0, message: 'not a finding' }, document),
    ],
  };
  const params = (only?: string[]): CodeActionParams => ({
    textDocument: { uri: document.uri },
    range: line(8),
    context: { diagnostics: [], ...(only ? { only } : {}) },
  });
  const line = (n: number): Range => ({ start: { line: n, character: 0 }, end: { line: n, character: 0 } });

  it('finds the findings on the requested lines (not the problems)', () => {
    expect(findingsAt(state, line(8))).toEqual([0]);
    expect(findingsAt(state, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } })).toEqual([0]);
    expect(findingsAt(state, line(4))).toEqual([]);
  });

  it('answers requests for quick fixes only', () => {
    expect(wantsQuickFixes(params())).toBe(true);
    expect(wantsQuickFixes(params(['quickfix']))).toBe(true);
    expect(wantsQuickFixes(params(['refactor', 'source.organizeImports']))).toBe(false);
  });

  it('offers the fixers\' quick fixes first (preferred), then the suppression, as versioned edits', () => {
    const actions = codeActionsFor(document, 'php', state, [0], new Map([[0, [fix]]]), { documentChanges: true });
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([
      ['Make the UPDATE conditional', 'quickfix', true],
      ['Suppress check-then-act on this line', 'quickfix', undefined],
    ]);
    expect(actions[0].diagnostics).toEqual([state.diagnostics[0]]);
    expect(actions[0].edit).toEqual({
      documentChanges: [
        {
          textDocument: { uri: document.uri, version: 3 },
          // Offsets 8–10: line 2 (after `<?php\n`), characters 2–4.
          edits: [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } }, newText: 'XY' }],
        },
      ],
    });
    expect(codeActionsFor(document, 'php', state, [0], new Map(), { documentChanges: false }).map((a) => Object.keys(a.edit!))).toEqual([['changes']]);
  });
});
