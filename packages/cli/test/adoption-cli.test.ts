/**
 * End to end through the real binary (bin/tocscan.js → dist/): configuration discovery and
 * validation, include/exclude, rule severities, preset and dialect precedence, --changed-since and
 * --staged in a git repository, junit, and the CI options (--max-warnings, --quiet, --output-file,
 * --no-color). Suppressions and baselines: legacy-shop.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'bin', 'tocscan.js');

beforeAll(() => {
  if (!existsSync(join(cliDir, 'dist', 'main.js'))) execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: join(cliDir, '..', '..'), stdio: 'pipe' });
}, 300_000);

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tocscan-adoption-'));
  roots.push(root);
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function tocscan(cwd: string, args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  delete base.CI;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  files: string[];
  findings: { ruleId: string; file: string; severity: string; loc: { line: number } }[];
}
const found = (stdout: string) => (JSON.parse(stdout) as Json).findings.map((f) => `${f.file}:${f.loc.line} ${f.ruleId} ${f.severity}`);

/**
 * A page on the in-house wrappers: `Db::q` returns the rows (configured; by its name tocscan would take
 * it for a result handle, and testing a handle decides nothing), `db_exec` runs writes.
 */
const CART = `<?php
// Add to cart through the in-house wrappers: looks for the line, inserts it when missing.
function cart_add($cart_id, $product_id) {
    if (!Db::q("SELECT id FROM cart_items WHERE cart_id = " . (int) $cart_id . " AND product_id = " . (int) $product_id)) {
        db_exec("INSERT INTO cart_items (cart_id, product_id, qty) VALUES (" . (int) $cart_id . ", " . (int) $product_id . ", 1)");
    }
}
`;
const STOCK = (fn: string) => `<?php
// Takes one item of stock after checking there is one.
function ${fn}($id) {
    $row = Db::q("SELECT qty FROM products WHERE id = " . (int) $id);
    if ($row[0]['qty'] > 0) {
        db_exec("UPDATE products SET qty = qty - 1 WHERE id = " . (int) $id);
    }
}
`;
const PLAIN_TX_TS = `// Reserves a seat inside a plain transaction (strict reports it).
import { Pool } from 'pg';
const pool = new Pool();
export async function reserve(seat: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT taken FROM seats WHERE id = $1', [seat]);
  if (!rows[0].taken) await client.query('UPDATE seats SET taken = true WHERE id = $1', [seat]);
  await client.query('COMMIT');
}
`;

describe('configuration through the binary', () => {
  const root = project({
    'tocscan.config.json': JSON.stringify({
      include: ['src', 'api/**/*.ts'],
      exclude: ['src/generated'],
      preset: 'strict',
      rules: { 'insert-if-absent': 'warn', 'transaction-without-locking-read': 'off' },
      queryFunctions: [{ call: 'Db::q', returns: 'rows' }, 'db_exec'],
    }),
    'src/cart.php': CART,
    'src/stock.php': STOCK('take_stock'),
    'src/generated/stock.php': STOCK('generated_take'),
    'scripts/fix.php': STOCK('script_take'),
    'api/seats.ts': PLAIN_TX_TS,
  });

  it('is found from the scanned path upwards and applies include, exclude, preset, rules and query functions', () => {
    const fromRoot = tocscan(root, ['-f', 'json']);
    expect(fromRoot.status).toBe(1);
    expect(fromRoot.stderr).toBe('');
    expect((JSON.parse(fromRoot.stdout) as Json).files).toEqual(['api/seats.ts', 'src/cart.php', 'src/stock.php']);
    expect(found(fromRoot.stdout)).toEqual(['src/cart.php:5 insert-if-absent warning', 'src/stock.php:6 check-then-act error']);

    // From a subdirectory, with the preset given on the command line (it wins) and a path outside the include list.
    const fromSub = tocscan(join(root, 'src'), ['.', '../scripts', '-f', 'json', '--preset', 'recommended']);
    expect(found(fromSub.stdout)).toEqual(['cart.php:5 insert-if-absent warning', 'stock.php:6 check-then-act error']);
  });

  it('is ignored with --no-config: every file, the preset’s severities, no wrappers', () => {
    const r = tocscan(root, ['-f', 'json', '--no-config', '--preset', 'strict']);
    expect((JSON.parse(r.stdout) as Json).files).toHaveLength(5);
    expect(found(r.stdout)).toEqual([
      'api/seats.ts:8 transaction-without-locking-read error',
      'scripts/fix.php:6 check-then-act error',
      'src/generated/stock.php:6 check-then-act error',
      'src/stock.php:6 check-then-act error',
    ]);
  });

  it('stops the run with exit code 2 and says what is wrong where', () => {
    const bad = project({ 'app/.tocscanrc.json': '{ "preset": "strictest", "rules": { "check-then-act": "warning" } }', 'app/a.php': '<?php\n' });
    const r = tocscan(bad, ['app']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'tocscan: Invalid configuration app/.tocscanrc.json:\n' +
        '  preset: "strictest" is not allowed; use one of "recommended", "strict"\n' +
        '  rules.check-then-act: "warning" is not allowed; use one of "off", "warn", "error"\n',
    });
    expect(tocscan(bad, ['app', '--config', 'missing.json']).stderr).toBe('tocscan: Cannot read the configuration missing.json: ENOENT.\n');
  });
});

describe('--changed-since and --staged', () => {
  const root = project({ 'shop/stock.php': STOCK('take_stock'), 'shop/cart.php': CART, 'tocscan.config.json': JSON.stringify({ queryFunctions: [{ call: 'Db::q', returns: 'rows' }, 'db_exec'] }) });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

  beforeAll(() => {
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    // The feature branch: a new race appended to stock.php (committed), cart.php untouched, a new untracked file.
    writeFileSync(join(root, 'shop/stock.php'), STOCK('take_stock') + STOCK('take_gift').replace('<?php\n', ''));
    git('commit', '-q', '-am', 'gift stock');
    write(root, { 'shop/new.php': STOCK('take_new') });
  });

  it('reports only findings on lines changed since the merge base, untracked files included', () => {
    const r = tocscan(root, ['-f', 'json', '--changed-since', 'main']);
    expect(found(r.stdout)).toEqual(['shop/new.php:6 check-then-act error', 'shop/stock.php:13 check-then-act error']);
    const all = tocscan(root, ['-f', 'json']);
    expect(found(all.stdout)).toHaveLength(4);
  });

  it('--staged reports what the index changes', () => {
    git('add', 'shop/new.php');
    const r = tocscan(root, ['-f', 'json', '--staged']);
    expect(found(r.stdout)).toEqual(['shop/new.php:6 check-then-act error']);
  });

  it('an unknown ref is a usage error', () => {
    const r = tocscan(root, ['--changed-since', 'no-such-branch']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^tocscan: git merge-base no-such-branch HEAD failed: /);
  });
});

describe('CI options', () => {
  const root = project({
    'tocscan.config.json': JSON.stringify({ rules: { 'check-then-act': 'warn' }, queryFunctions: [{ call: 'Db::q', returns: 'rows' }, 'db_exec'] }),
    'src/stock.php': STOCK('take_stock'),
    'src/clean.php': '<?php\necho "ok";\n',
  });

  it('--max-warnings counts warnings, --quiet drops them', () => {
    expect(tocscan(root, []).status).toBe(0);
    const strict = tocscan(root, ['--max-warnings', '0', '-f', 'json']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toBe('tocscan found too many warnings (maximum: 0).\n');
    const quiet = tocscan(root, ['--max-warnings', '0', '--quiet', '-f', 'json']);
    expect(quiet.status).toBe(0);
    expect(found(quiet.stdout)).toEqual([]);
  });

  it('--format junit with --output-file; --no-color beats FORCE_COLOR', () => {
    const junit = tocscan(root, ['-f', 'junit', '-o', 'reports/tocscan.xml']);
    expect(junit).toEqual({ status: 0, stdout: '', stderr: '' });
    const xml = readFileSync(join(root, 'reports/tocscan.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="tocscan" tests="2" failures="1" errors="0" time="0">');
    expect(xml).toContain('<testcase name="check-then-act at 6:9 (products)" classname="src/stock.php"');
    const plain = tocscan(root, ['--no-color'], { FORCE_COLOR: '1' });
    expect(plain.stdout).toContain('check-then-act');
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });
});
