/** After the scan: suppression comments, the baseline, the change scope. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf, readBaseline, writeBaseline } from '../src/adopt/baseline.js';
import { onlyChanged, parseUnifiedDiff } from '../src/adopt/changed.js';
import { applySuppressions } from '../src/adopt/suppressions.js';
import { loc, report, shopFinding } from './helpers.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tempDir(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'tocscan-adopt-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('baseline', () => {
  const old = shopFinding();
  const moved = shopFinding({
    loc: loc(40, 8, 40, 70),
    read: { ...old.read!, loc: loc(38, 2, 38, 60) },
    write: { ...old.write!, sql: 'UPDATE products\n  SET qty=qty-1\n WHERE id=$1', loc: loc(40, 8, 40, 70) },
  });
  const other = shopFinding({ ruleId: 'insert-if-absent', table: 'carts', write: { ...old.write!, sql: 'INSERT INTO carts (id) VALUES ($1)' } });

  it('records findings without lines, relative to its own directory, counting repeats', () => {
    const base = baselineOf(report({ root: '/repo', findings: [old, old, other] }), '/repo/qa/baseline.json');
    expect(base).toEqual({
      tocscanBaseline: 1,
      entries: [
        { rule: 'check-then-act', file: '../src/shop.ts', unit: 'buy', table: 'products', read: old.read!.sql, write: old.write!.sql, count: 2 },
        { rule: 'insert-if-absent', file: '../src/shop.ts', unit: 'buy', table: 'carts', read: old.read!.sql, write: 'INSERT INTO carts (id) VALUES ($1)', count: 1 },
      ],
    });
  });

  it('hides what it records even after lines moved and SQL was reformatted; counts entries left over', () => {
    const base = baselineOf(report({ root: '/repo', findings: [old, other] }), '/repo/baseline.json');
    const applied = applyBaseline(report({ root: '/repo', findings: [moved, old] }), base, '/repo/baseline.json');
    expect(applied.report.findings).toEqual([old]);
    expect(applied.matched).toBe(1);
    expect(applied.fixed).toBe(1);
  });

  it('counts as fixed only the entries of files the run scanned, or that are gone', () => {
    const dir = tempDir({ 'src/shop.ts': '', 'lib/other.ts': '' });
    const elsewhere = shopFinding({ file: 'lib/other.ts' });
    const gone = shopFinding({ file: 'src/deleted.ts' });
    const base = baselineOf(report({ root: dir, findings: [old, elsewhere, gone] }), join(dir, 'b.json'));
    const partial = applyBaseline(report({ root: dir, files: ['src/shop.ts'], findings: [] }), base, join(dir, 'b.json'));
    expect(partial.fixed).toBe(2);
  });

  it('matches the same file whatever directory the run starts from', () => {
    const base = baselineOf(report({ root: '/repo', findings: [old] }), '/repo/baseline.json');
    const fromSub = shopFinding({ file: 'shop.ts' });
    expect(applyBaseline(report({ root: '/repo/src', findings: [fromSub] }), base, '/repo/baseline.json').matched).toBe(1);
  });

  it('never records the comments’ own findings', () => {
    const unused = shopFinding({ ruleId: 'unused-suppression', read: undefined, write: undefined, table: undefined });
    expect(baselineOf(report({ findings: [unused] }), '/work/project/b.json').entries).toEqual([]);
  });

  it('is written whole and read back; a wrong file is a usage error with a way out', async () => {
    const dir = tempDir({ 'broken.json': '{"entries": 1}', 'text.json': 'not json' });
    const base = baselineOf(report({ root: dir, findings: [old] }), join(dir, 'deep/b.json'));
    await writeBaseline(base, join(dir, 'deep/b.json'));
    expect(JSON.parse(readFileSync(join(dir, 'deep/b.json'), 'utf8'))).toEqual(base);
    expect(await readBaseline(join(dir, 'deep/b.json'), dir)).toEqual(base);
    await expect(readBaseline(join(dir, 'missing.json'), dir)).rejects.toThrow('Cannot read the baseline missing.json (ENOENT); create it with tocscan --generate-baseline.');
    await expect(readBaseline(join(dir, 'text.json'), dir)).rejects.toThrow(/^The baseline text\.json is not valid JSON/);
    await expect(readBaseline(join(dir, 'broken.json'), dir)).rejects.toThrow(/is not a tocscan baseline \(format 1\).*regenerate it with tocscan --generate-baseline/);
  });
});

describe('changed lines', () => {
  const diff = [
    'diff --git a/src/shop.ts b/src/shop.ts',
    '--- a/src/shop.ts',
    '+++ b/src/shop.ts',
    '@@ -5,0 +6,2 @@ export async function buy(id: number) {',
    '+  if (!id) return;',
    '+  log(id);',
    '@@ -10 +12 @@',
    '-old',
    '+new',
    '@@ -20,3 +22,0 @@',
    'diff --git a/gone.php b/gone.php',
    '--- a/gone.php',
    '+++ /dev/null',
    '@@ -1,3 +0,0 @@',
    'diff --git "a/caf\\303\\251.php" "b/caf\\303\\251.php"',
    '--- "a/caf\\303\\251.php"',
    '+++ "b/caf\\303\\251.php"',
    '@@ -1 +1 @@',
  ].join('\n');

  it('reads added and changed lines of a unified diff, quoted paths included', () => {
    const changed = parseUnifiedDiff(diff, '/repo');
    expect([...changed.keys()]).toEqual(['/repo/src/shop.ts', '/repo/café.php']);
    expect([...(changed.get('/repo/src/shop.ts') as Set<number>)]).toEqual([6, 7, 12]);
  });

  it('keeps findings whose write, read or helper SQL is on a changed line, and problems of changed files', () => {
    const changed = parseUnifiedDiff(diff, '/work/project');
    const atWrite = shopFinding({ loc: loc(12, 2, 12, 30), read: { ...shopFinding().read!, loc: loc(2, 2, 2, 20) }, write: { ...shopFinding().write!, loc: loc(12, 2, 12, 30) } });
    const atRead = shopFinding({ loc: loc(30, 2, 30, 30), read: { ...shopFinding().read!, loc: loc(6, 2, 6, 20) }, write: { ...shopFinding().write!, loc: loc(30, 2, 30, 30) } });
    const spanning = shopFinding({ loc: loc(5, 2, 7, 30), read: { ...shopFinding().read!, loc: loc(2, 2, 2, 20) }, write: { ...shopFinding().write!, loc: loc(5, 2, 7, 30) } });
    const viaHelper = shopFinding({
      file: 'src/other.ts',
      loc: loc(1, 0, 1, 9),
      read: undefined,
      write: { ...shopFinding().write!, file: 'src/other.ts', loc: loc(1, 0, 1, 9), via: { file: 'src/shop.ts', loc: loc(7, 0, 7, 9), unit: 'repo.take' } },
    });
    const untouched = shopFinding({
      loc: loc(40, 2, 40, 30),
      read: { ...shopFinding().read!, loc: loc(39, 2, 39, 20) },
      write: { ...shopFinding().write!, loc: loc(40, 2, 40, 30) },
    });
    const r = onlyChanged(
      report({
        findings: [atWrite, atRead, spanning, viaHelper, untouched],
        errors: [
          { file: 'src/shop.ts', kind: 'syntax', severity: 'warning', message: 'x' },
          { file: 'src/old.ts', kind: 'syntax', severity: 'warning', message: 'y' },
        ],
      }),
      changed,
    );
    expect(r.findings).toEqual([atWrite, atRead, spanning, viaHelper]);
    expect(r.errors.map((e) => e.file)).toEqual(['src/shop.ts']);
    const untracked = onlyChanged(report({ findings: [untouched] }), new Map([['/work/project/src/shop.ts', 'all']]));
    expect(untracked.findings).toEqual([untouched]);
  });
});

describe('suppressions in the CLI', () => {
  const source = [
    "import { pool } from './db';",
    '',
    'export async function buy(id: number) {',
    "  const { rows } = await pool.query('SELECT qty FROM products WHERE id = $1', [id]);",
    "  if (rows[0].qty < 1) throw new Error('sold out');",
    "  await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1', [id]);",
    '}',
  ];
  const finding = shopFinding();
  const withComment = (comment: string) => [...source.slice(0, 5), `  ${comment}`, ...source.slice(5)].join('\n');
  const shifted = shopFinding({ loc: loc(7, 8, 7, 75) });

  async function run(text: string, options: { requireReason?: boolean; reportUnused?: boolean }, found = [shifted], extraFiles: Record<string, string> = {}) {
    const root = tempDir({ 'src/shop.ts': text, ...extraFiles });
    const r = report({ root, files: ['src/shop.ts', ...Object.keys(extraFiles)], findings: found, sources: new Map([['src/shop.ts', text]]) });
    return applySuppressions(r, { requireReason: options.requireReason ?? false, reportUnused: options.reportUnused ?? false });
  }
  const ids = (r: Awaited<ReturnType<typeof run>>) => r.report.findings.map((f) => `${f.file}:${f.loc.line} ${f.ruleId}`);

  it('silence the finding on the next line and count it', async () => {
    const r = await run(withComment('// tocscan-ignore-next-line check-then-act -- reserved by the queue'), {});
    expect(ids(r)).toEqual([]);
    expect(r.count).toBe(1);
  });

  it('leave findings of other rules and other lines alone', async () => {
    expect(ids(await run(withComment('// tocscan-ignore-next-line insert-if-absent -- x'), {}))).toEqual(['src/shop.ts:7 check-then-act']);
    expect(ids(await run(source.join('\n'), {}, [finding]))).toEqual(['src/shop.ts:6 check-then-act']);
  });

  it('report a reasonless suppression under strict, as a warning with the comment as its location', async () => {
    const r = await run(withComment('// tocscan-ignore-next-line check-then-act'), { requireReason: true });
    expect(ids(r)).toEqual(['src/shop.ts:6 suppression-without-reason']);
    expect(r.report.findings[0]).toMatchObject({ severity: 'warning', loc: { line: 6, column: 2 } });
    expect(r.report.rules.map((x) => x.id)).toContain('suppression-without-reason');
    expect(ids(await run(withComment('// tocscan-ignore-next-line check-then-act'), {}))).toEqual([]);
  });

  it('report unused suppressions with --report-unused-suppressions, in files without findings too', async () => {
    const stale = '<?php\n# tocscan-ignore-next-line check-then-act -- fixed long ago\n$db->query("DELETE FROM t WHERE id = 1");\n';
    const r = await run(withComment('// tocscan-ignore-next-line check-then-act, insert-if-absent, no-such-rule -- x'), { reportUnused: true }, [shifted], { 'legacy/stale.php': stale });
    expect(r.report.findings.map((f) => `${f.file}:${f.loc.line} ${f.ruleId} ${f.message}`)).toEqual([
      'legacy/stale.php:2 unused-suppression Unused suppression: no check-then-act finding on line 3; remove the comment.',
      'src/shop.ts:6 unused-suppression This suppression names "no-such-rule", which tocscan does not know.',
    ]);
    expect(r.report.sources.get('legacy/stale.php')).toBe(stale);
  });

  it('never call a suppression unused for a rule the run does not enable', async () => {
    const r = await run(withComment('// tocscan-ignore-next-line check-then-act, transaction-without-locking-read -- x'), { reportUnused: true });
    expect(ids(r)).toEqual([]);
  });
});
