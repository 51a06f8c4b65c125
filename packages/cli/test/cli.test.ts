/**
 * End-to-end: the real `tocscan` binary (bin/tocscan.js → dist/main.js) in temporary projects.
 * The build is run first when dist/ is missing or older than src/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifValidator } from './sarif-schema.js';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliDir, '..', '..');
const bin = join(cliDir, 'bin', 'tocscan.js');
const distMain = join(cliDir, 'dist', 'main.js');
const version = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')).version as string;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  if (existsSync(distMain) && newestMtime(join(cliDir, 'dist')) >= newestMtime(join(cliDir, 'src'))) return;
  try {
    execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'pipe', timeout: 240_000 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`Building tocscan failed (run \`npx tsc -b\` at the repository root):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}, 300_000);

const projects: string[] = [];
afterAll(() => {
  for (const p of projects) {
    spawnSync('chmod', ['-R', 'u+rwX', p]);
    rmSync(p, { recursive: true, force: true });
  }
});

function project(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'tocscan-cli-'));
  projects.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tocscan(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonOf(run: Run) {
  return JSON.parse(run.stdout) as {
    files: string[];
    findings: Array<{ ruleId: string; file: string; loc: { line: number } }>;
    errors: Array<{ file: string; kind: string; severity: string; line?: number }>;
    summary: Record<string, number>;
  };
}

const CLEAN_TS = `// Renders a product page; reads only.
import { Pool } from 'pg';
const pool = new Pool();

export async function show(id: number) {
  const { rows } = await pool.query('SELECT name, price FROM products WHERE id = $1', [id]);
  return rows[0];
}
`;

const CLEAN_PHP = `<?php
// Lists orders of the signed-in customer.
function list_orders(PDO $pdo, int $customerId): array {
    $stmt = $pdo->prepare('SELECT id, total FROM orders WHERE customer_id = ?');
    $stmt->execute([$customerId]);
    return $stmt->fetchAll();
}
`;

const RACE_TS = `// Checkout handler: reads the stock, then decrements it with nothing making the two atomic.
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/buy/:id', async (req, res) => {
  const id = Number(req.params.id);
  const { rows } = await pool.query('SELECT qty FROM products WHERE id = $1', [id]);
  if (rows.length === 0 || rows[0].qty < 1) {
    return res.status(409).json({ error: 'sold out' });
  }
  await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1', [id]);
  res.json({ ok: true });
});
`;

const SAFE_TS = `// Same checkout, safe: the UPDATE re-checks the stock and its row count decides.
import { Pool } from 'pg';

const pool = new Pool();

export async function buy(id: number): Promise<boolean> {
  const { rows } = await pool.query('SELECT qty FROM products WHERE id = $1', [id]);
  if (rows.length === 0 || rows[0].qty < 1) return false;
  const result = await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1 AND qty > 0', [id]);
  return result.rowCount === 1;
}
`;

const RACE_PHP = `<?php
// Legacy coupon redemption: checks the coupon, then marks it used.
$pdo = new PDO('mysql:host=localhost;dbname=shop', 'shop', 'secret');
$code = $_POST['code'];
$stmt = $pdo->prepare('SELECT id, used FROM coupons WHERE code = ?');
$stmt->execute([$code]);
$coupon = $stmt->fetch();
if (!$coupon || $coupon['used']) {
    die('invalid coupon');
}
$upd = $pdo->prepare('UPDATE coupons SET used = 1 WHERE id = ?');
$upd->execute([$coupon['id']]);
`;

describe('tocscan CLI', () => {
  it('prints its version and help', () => {
    const root = project({});
    expect(tocscan(root, ['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    const help = tocscan(root, ['-h']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--format <format>');
  });

  it('exits 0 on a clean project and says so', () => {
    const root = project({ 'src/show.ts': CLEAN_TS, 'src/orders.php': CLEAN_PHP });
    const r = tocscan(root, []);
    expect(r).toEqual({ status: 0, stdout: '✔ No problems found in 2 files.\n', stderr: '' });
  });

  it('exits 2 on usage errors', () => {
    const root = project({ 'a.ts': CLEAN_TS });
    for (const args of [['--bogus'], ['--format', 'xml'], ['--max-warnings', 'x'], ['missing-dir'], ['src/**/*.php']]) {
      const r = tocscan(root, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/tocscan|error/);
    }
    expect(tocscan(root, ['missing-dir']).stderr).toBe('tocscan: No such file or directory: missing-dir\n');
  });

  it('honours .gitignore and skips node_modules, vendor and dist; named files are scanned anyway', () => {
    const root = project({
      '.gitignore': 'generated/\n*.min.js\n',
      'src/show.ts': CLEAN_TS,
      'generated/api.ts': CLEAN_TS,
      'public/app.min.js': CLEAN_TS,
      'node_modules/pg/index.js': CLEAN_TS,
      'vendor/acme/lib.php': CLEAN_PHP,
      'dist/show.js': CLEAN_TS,
    });
    expect(jsonOf(tocscan(root, ['--format', 'json'])).files).toEqual(['src/show.ts']);
    expect(jsonOf(tocscan(root, ['--format', 'json', '.', 'generated/api.ts'])).files).toEqual(['generated/api.ts', 'src/show.ts']);
  });

  it('reports unreadable, binary, huge and unparsable files, and goes on with the others', () => {
    const root = project({
      'src/a-show.ts': CLEAN_TS,
      // Files without SQL are not parsed (the prefilter skips them): these two hold queries.
      'src/broken.ts': "const total = ;\nexport const sql = 'SELECT total FROM orders';\n",
      'src/partial.php': '<?php\nfunction ok() { return 1; }\n$x = ;\nfunction later($db) { return mysqli_query($db, "SELECT 2"); }\n',
      'src/logo.js': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'src/bundle.js': `// generated\n${'var a = 1;\n'.repeat(600_000)}`,
      'src/z-orders.php': CLEAN_PHP,
    });
    // Root reads a chmod-000 file anyway; a symlink to itself cannot be read by anyone.
    const unreadable = join(root, 'src/secret.ts');
    writeFileSync(unreadable, CLEAN_TS);
    chmodSync(unreadable, 0);
    const rootCanRead = (() => {
      try {
        readFileSync(unreadable);
        return true;
      } catch {
        return false;
      }
    })();
    symlinkSync('loop.php', join(root, 'src/loop.php'));

    const r = tocscan(root, ['--format', 'json', 'src', 'src/loop.php']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = jsonOf(r);
    expect(out.files).toEqual([
      'src/a-show.ts', 'src/broken.ts', 'src/bundle.js', 'src/logo.js', 'src/loop.php', 'src/partial.php', 'src/secret.ts', 'src/z-orders.php',
    ]);
    const kinds = Object.fromEntries(out.errors.map((e) => [e.file, `${e.kind}/${e.severity}`]));
    expect(kinds).toEqual({
      'src/broken.ts': 'parse/error',
      'src/bundle.js': 'too-large/warning',
      'src/logo.js': 'binary/warning',
      'src/loop.php': 'unreadable/error',
      'src/partial.php': 'syntax/warning',
      ...(rootCanRead ? {} : { 'src/secret.ts': 'unreadable/error' }),
    });
    expect(out.errors.find((e) => e.file === 'src/broken.ts')?.line).toBe(1);
    expect(out.errors.find((e) => e.file === 'src/partial.php')?.line).toBe(3);

    const stylish = tocscan(root, ['src', 'src/loop.php']);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toMatch(/src\/broken\.ts\n {2}1:\d+ {2}error {2}Parse error: /);
    expect(stylish.stdout).toMatch(/src\/loop\.php\n {2}error {2}Cannot read file \(ELOOP/);
    expect(stylish.stdout).toMatch(/src\/bundle\.js\n {2}warning {2}File is too large to scan \(6\.\d MB, limit 5 MB/);
    expect(stylish.stdout).toMatch(/src\/logo\.js\n {2}warning {2}File is not text/);
    expect(stylish.stdout).toMatch(/not fully scanned: /);
  });

  it('counts warnings against --max-warnings, and --quiet drops them', () => {
    const root = project({ 'src/show.ts': CLEAN_TS, 'src/logo.js': new Uint8Array([0x00, 0x01, 0x02]) });
    expect(tocscan(root, []).status).toBe(0);
    const strict = tocscan(root, ['--max-warnings', '0']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toBe('tocscan found too many warnings (maximum: 0).\n');
    const quiet = tocscan(root, ['--max-warnings', '0', '--quiet']);
    expect(quiet).toEqual({ status: 0, stdout: '✔ No problems found in 2 files.\n', stderr: '' });
  });

  it('writes the report to --output-file, creating directories', () => {
    const root = project({ 'src/show.ts': CLEAN_TS, 'src/logo.js': new Uint8Array([0x00]) });
    const r = tocscan(root, ['--format', 'json', '--output-file', 'reports/deep/tocscan.json'], { FORCE_COLOR: '1' });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const written = JSON.parse(readFileSync(join(root, 'reports/deep/tocscan.json'), 'utf8'));
    expect(written.files).toEqual(['src/logo.js', 'src/show.ts']);
    const text = tocscan(root, ['-o', 'out.txt'], { FORCE_COLOR: '1' });
    expect(text.stdout).toBe('');
    expect(readFileSync(join(root, 'out.txt'), 'utf8')).not.toContain('\u001b');
  });

  it('colours stylish output only when asked or forced', () => {
    const root = project({ 'src/logo.js': new Uint8Array([0x00]) });
    expect(tocscan(root, []).stdout).not.toContain('\u001b');
    expect(tocscan(root, [], { FORCE_COLOR: '1' }).stdout).toContain('\u001b');
    expect(tocscan(root, ['--color']).stdout).toContain('\u001b');
    expect(tocscan(root, [], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b');
    expect(tocscan(root, ['--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b');
  });

  it('writes SARIF that validates against the 2.1.0 schema, with per-file notifications', () => {
    const root = project({ 'src/show.ts': CLEAN_TS, 'src/broken.ts': "let = ;\nconst sql = 'SELECT 1';\n" });
    const r = tocscan(root, ['--format', 'sarif']);
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'tocscan', version });
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['check-then-act', 'insert-if-absent', 'locking-read-outside-transaction', 'transaction-on-pool']);
    expect(run.invocations[0].toolExecutionNotifications).toMatchObject([
      { level: 'error', descriptor: { id: 'parse' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' } } }] },
    ]);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  it('finds the race in TypeScript and PHP, reports it at the write in every format, and exits 1', () => {
    const root = project({ 'src/checkout.ts': RACE_TS, 'src/safe.ts': SAFE_TS, 'legacy/coupon.php': RACE_PHP });

    const json = tocscan(root, ['--format', 'json']);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f: { ruleId: string; file: string; loc: { line: number }; read: { loc: { line: number } } }) => [f.ruleId, f.file, f.loc.line, f.read.loc.line])).toEqual([
      ['check-then-act', 'legacy/coupon.php', 12, 6],
      ['check-then-act', 'src/checkout.ts', 14, 10],
    ]);
    expect(out.summary).toEqual({ filesScanned: 3, findingCount: 2, fileErrorCount: 0, errorCount: 2, warningCount: 0, suppressedCount: 0, baselinedCount: 0, staleBaselineEntryCount: 0 });

    const stylish = tocscan(root, []);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toContain('src/checkout.ts\n  14:9  error  products:');
    expect(stylish.stdout).toContain("> 14 |   await pool.query('UPDATE products SET qty = qty - 1 WHERE id = $1'");
    expect(stylish.stdout).toContain('read: src/checkout.ts:10:26  SELECT qty FROM products WHERE id = $1');
    expect(stylish.stdout).toMatch(/Request A +Request B/);
    expect(stylish.stdout).toContain('✖ 2 problems (2 errors, 0 warnings) in 2 files (3 scanned)');
    for (const line of stylish.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    const log = JSON.parse(tocscan(root, ['--format', 'sarif', '--preset', 'strict']).stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].tool.driver.rules).toHaveLength(6);
    const [result] = log.runs[0].results.filter((r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      r.locations[0].physicalLocation.artifactLocation.uri === 'src/checkout.ts',
    );
    expect(result.ruleId).toBe('check-then-act');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 14, startColumn: 9 });
    expect(result.relatedLocations[0]).toMatchObject({ id: 1, message: { text: 'read' }, physicalLocation: { region: { startLine: 10, startColumn: 26 } } });
    expect(result.partialFingerprints['tocscan/v1']).toMatch(/\S/);

    const github = tocscan(root, ['--format', 'github']).stdout.trimEnd().split('\n');
    expect(github).toHaveLength(2);
    expect(github[1]).toMatch(/^::error file=src\/checkout\.ts,line=14,col=9,endLine=14,endColumn=\d+,title=tocscan\/check-then-act::products: /);
  });

  it('writes GitHub annotations', () => {
    const root = project({ 'src/broken.ts': "let = ;\nconst sql = 'SELECT 1';\n", 'src/logo.js': new Uint8Array([0x00]) });
    const r = tocscan(root, ['--format', 'github']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=src\/broken\.ts,line=1,col=\d+,title=tocscan\/parse::Parse error: \S/);
    expect(lines[1]).toBe('::warning file=src/logo.js,title=tocscan/binary::File is not text (binary content); skipped.');
  });
});
