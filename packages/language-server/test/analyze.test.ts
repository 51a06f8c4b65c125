/**
 * One document's analysis (what the worker runs): the CLI's findings, the config applied,
 * suppressions honoured, failures reported instead of thrown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding } from '@tocscan/core';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../src/analysis/analyze.js';
import { quickFixes } from '../src/analysis/fixes.js';
import type { AnalysisRequest } from '../src/analysis/protocol.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI_BIN = `${ROOT}packages/cli/bin/tocscan.js`;

function request(text: string, overrides: Partial<AnalysisRequest> = {}): AnalysisRequest {
  return { text, path: 'src/redeem.php', lang: 'php', preset: 'recommended', rules: {}, source: {}, ...overrides };
}

const at = (f: Pick<Finding, 'ruleId' | 'loc'>) => `${f.ruleId}@${f.loc.line}:${f.loc.column}`;

const REDEEM = `<?php
// Gift card redemption through the shop's own database helpers.
function redeem(string $code, int $amount): void
{
    db_begin();
    $card = db_fetch_row('SELECT id, balance FROM gift_cards WHERE code = ?', [$code]);
    if ($card['balance'] < $amount) {
        db_rollback();
        throw new RuntimeException('insufficient balance');
    }
    db_execute('UPDATE gift_cards SET balance = balance - ? WHERE id = ?', [$amount, $card['id']]);
    db_commit();
}
`;

describe('analyzeText', () => {
  it('gives the CLI\'s findings and syntax problems for every PHP fixture (strict preset)', async () => {
    if (!existsSync(`${ROOT}packages/cli/dist/main.js`)) throw new Error('packages/cli/dist is missing: run `npx tsc -b` first (`npm test` does)');
    const run = spawnSync(process.execPath, [CLI_BIN, '--format', 'json', '--preset', 'strict', 'fixtures/php'], { cwd: ROOT, encoding: 'utf8' });
    const cli = JSON.parse(run.stdout) as { findings: Finding[]; errors: { file: string; kind: string; line?: number; column?: number }[] };
    const files = readdirSync(`${ROOT}fixtures/php`).filter((f) => f.endsWith('.php'));
    expect(files.length).toBeGreaterThan(40);
    for (const name of files) {
      const path = `fixtures/php/${name}`;
      const result = await analyzeText(request(readFileSync(`${ROOT}${path}`, 'utf8'), { path, preset: 'strict' }));
      const shape = (f: Finding) => ({ at: at(f), end: `${f.loc.endLine}:${f.loc.endColumn}`, severity: f.severity, message: f.message });
      expect(result.findings.map(shape), path).toEqual(cli.findings.filter((f) => f.file === path).map(shape));
      const syntax = cli.errors.filter((e) => e.file === path && e.kind === 'syntax').map((e) => `${e.line}:${e.column}`);
      expect(result.problems.filter((p) => p.severity === 'syntax').map((p) => `${p.line}:${p.column}`), path).toEqual(syntax);
      expect(result.failure).toBeUndefined();
    }
  });

  it('applies the project config: rule overrides, preset, and in-house transaction functions', async () => {
    expect((await analyzeText(request(REDEEM))).findings.map(at)).toEqual(['check-then-act@11:4']);
    expect((await analyzeText(request(REDEEM, { rules: { 'check-then-act': 'warning' } }))).findings.map((f) => f.severity)).toEqual(['warning']);
    expect((await analyzeText(request(REDEEM, { rules: { 'check-then-act': 'off' } }))).findings).toEqual([]);

    // Once db_begin/db_commit are known as a transaction, recommended accepts it and strict reports it.
    const source = { transactionFunctions: { begin: ['db_begin'], commit: ['db_commit'], rollback: ['db_rollback'] } };
    expect((await analyzeText(request(REDEEM, { source }))).findings).toEqual([]);
    expect((await analyzeText(request(REDEEM, { source, preset: 'strict' }))).findings.map(at)).toEqual(['transaction-without-locking-read@11:4']);
  });

  it('drops findings silenced by a suppression comment on the line before, in every comment form', async () => {
    const write = "    db_execute('UPDATE gift_cards SET balance = balance - ? WHERE id = ?', [$amount, $card['id']]);";
    const withComment = (comment: string) => REDEEM.replace(write, `    ${comment}\n${write}`);
    for (const comment of [
      '// tocscan-ignore-next-line check-then-act -- the card row is locked by the caller',
      '# tocscan-ignore-next-line check-then-act -- reason',
      '/* tocscan-ignore-next-line insert-if-absent, check-then-act -- reason */',
      '// tocscan-ignore-next-line -- every rule',
    ]) {
      expect((await analyzeText(request(withComment(comment)))).findings, comment).toEqual([]);
    }
    expect((await analyzeText(request(withComment('// tocscan-ignore-next-line insert-if-absent -- another rule')))).findings.map(at)).toEqual([
      'check-then-act@12:4',
    ]);
  });

  it('analyses TypeScript with the TypeScript frontend', async () => {
    const text = readFileSync(new URL('./samples/checkout.ts', import.meta.url), 'utf8');
    const result = await analyzeText(request(text, { lang: 'ts', path: 'src/checkout.ts' }));
    expect(result.findings.map(at)).toEqual(['check-then-act@10:8']);
  });

  it('reports what it could not read instead of throwing: half-typed PHP, garbage, broken TypeScript', async () => {
    const half = await analyzeText(request(REDEEM.slice(0, REDEEM.indexOf('throw') + 8)));
    expect(half.problems.length).toBeGreaterThan(0);
    expect(half.problems.every((p) => p.severity === 'syntax')).toBe(true);

    const garbage = await analyzeText(request('\u0000\uffff<?php {{{ ((( "unterminated $x->->-> function ( class { ?> <?= '));
    expect(garbage.findings).toEqual([]);
    expect(garbage.failure).toBeUndefined();

    const ts = await analyzeText(request('export async function f( { await pool.query(', { lang: 'ts', path: 'src/f.ts' }));
    expect(ts.problems.map((p) => p.severity)).toEqual(['fatal']);
    expect(ts.findings).toEqual([]);
  });

  it('gives the fixers\' verified rewrites as quick fixes, with the config\'s dialect', async () => {
    const text = readFileSync(new URL('./samples/GiftCardController.php', import.meta.url), 'utf8');
    const unknown = request(text, { path: '/w/GiftCardController.php' });
    const { findings } = await analyzeText(unknown);
    expect(findings.map((f) => f.ruleId)).toEqual(['check-then-act', 'insert-if-absent']);
    // The PDO handle is injected: no dialect in sight, so no rewrite can be chosen.
    expect(await quickFixes({ ...unknown, findings })).toEqual([[], []]);

    const mysql = { ...unknown, dialect: 'mysql' as const, findings };
    const [lock] = await quickFixes(mysql);
    expect(lock.map((f) => [f.title, f.preferred])).toEqual([[expect.stringMatching(/^Lock the gift_cards row: add FOR UPDATE to the SELECT at line 16 /), true]]);
    let fixed = text;
    for (const e of [...lock[0].edits].sort((a, b) => b.offset - a.offset)) fixed = fixed.slice(0, e.offset) + e.newText + fixed.slice(e.endOffset);
    expect(fixed).toContain("WHERE code = ? AND active = 1 FOR UPDATE');");
    expect((await analyzeText({ ...mysql, text: fixed })).findings.map((f) => f.ruleId)).toEqual(['insert-if-absent']);
  });
});
