/**
 * `--fix-dry-run` and `--fix` through the real binary, on temporary copies of fixtures: the diff,
 * the files written (equal to the fixtures' `.fixed` outputs), the exit code after fixing, and the
 * files `--fix` must leave as they are: read-only, outside the scanned paths, reached through a
 * symlink that leaves them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliDir, '..', '..');
const bin = join(cliDir, 'bin', 'tocscan.js');
const fixtures = join(repoRoot, 'fixtures');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.tsbuildinfo')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const temps: string[] = [];

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tocscan-fix-'));
  temps.push(dir);
  return dir;
}

/** Copies fixtures (`ts/x.ts`) into `dir` under their base names. */
function copy(dir: string, ...names: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const n of names) copyFileSync(join(fixtures, n), join(dir, n.split('/').pop()!));
}

const fixed = (name: string) => readFileSync(join(fixtures, name.replace(/(\.[^.]+)$/, '.fixed$1')), 'utf8');
const original = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PG = 'ts/inventory-for-update-autocommit.ts';
const PDO = 'php/payment-mark-paid.php';
const UNFIXABLE = 'ts/seed-product-service-layered.ts';

let dryRun: ReturnType<typeof run>;
let dryDir: string;
let applied: ReturnType<typeof run>;
let fixDir: string;
let clean: ReturnType<typeof run>;
let cleanDir: string;
let guarded: ReturnType<typeof run>;
let guardDir: string;
let outside: string;
let examples: ReturnType<typeof run>;

beforeAll(() => {
  if (!existsSync(join(cliDir, 'dist', 'main.js')) || newestMtime(join(cliDir, 'dist')) < newestMtime(join(cliDir, 'src'))) {
    execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'pipe', timeout: 240_000 });
  }
  dryDir = temp();
  copy(dryDir, PG, PDO);
  dryRun = run(dryDir, '.', '--fix-dry-run');
  examples = run(repoRoot, 'examples/', '--fix-dry-run');

  fixDir = temp();
  copy(fixDir, PG, PDO, UNFIXABLE);
  applied = run(fixDir, '.', '--fix', '--format', 'json');

  cleanDir = temp();
  copy(cleanDir, PG, PDO);
  clean = run(cleanDir, '.', '--fix');

  // Files --fix must not touch: read-only, a symlink to a file outside the scanned directory, a
  // symlinked directory leading outside it. A symlink to a file inside it is followed.
  const base = temp();
  guardDir = join(base, 'project');
  outside = join(base, 'elsewhere');
  copy(guardDir, 'php/locking-read-no-transaction.php');
  chmodSync(join(guardDir, 'locking-read-no-transaction.php'), 0o444);
  copy(outside, PG, 'ts/seat-hold-unchecked.ts');
  symlinkSync(join(outside, 'inventory-for-update-autocommit.ts'), join(guardDir, 'linked-outside.ts'));
  symlinkSync(outside, join(guardDir, 'vendor-link'));
  copy(join(guardDir, 'real'), 'ts/gift-card-unchecked-changes.ts');
  chmodSync(join(guardDir, 'real', 'gift-card-unchecked-changes.ts'), 0o640);
  symlinkSync(join(guardDir, 'real', 'gift-card-unchecked-changes.ts'), join(guardDir, 'linked-inside.ts'));
  guarded = run(guardDir, '.', '--fix', '--preset', 'strict');
}, 300_000);

afterAll(() => {
  for (const t of temps) {
    spawnSync('chmod', ['-R', 'u+rwX', t]);
    rmSync(t, { recursive: true, force: true });
  }
});

describe('tocscan --fix-dry-run', () => {
  it('prints a unified diff per file and changes nothing', () => {
    expect(dryRun.stdout).toContain('--- a/inventory-for-update-autocommit.ts\n+++ b/inventory-for-update-autocommit.ts\n');
    expect(dryRun.stdout).toContain('--- a/payment-mark-paid.php\n+++ b/payment-mark-paid.php\n');
    expect(dryRun.stdout).toContain("+    const { rows } = await client.query('SELECT on_hand FROM inventory WHERE warehouse_id = $1 AND sku = $2 FOR UPDATE', [warehouseId, sku]);");
    expect(dryRun.stdout).toContain("+$pdo->beginTransaction();");
    expect(readFileSync(join(dryDir, 'inventory-for-update-autocommit.ts'), 'utf8')).toBe(original(PG));
    expect(readFileSync(join(dryDir, 'payment-mark-paid.php'), 'utf8')).toBe(original(PDO));
  });

  it('says what it would fix, and exits 0 when nothing would remain', () => {
    expect(dryRun.stderr).toContain('tocscan: would fix 3 findings in 2 files');
    expect(dryRun.stderr).toMatch(/inventory-for-update-autocommit\.ts:10 {2}locking-read-outside-transaction {2}would fix \(transaction\): Run lines 10–15 in one transaction/);
    expect(dryRun.status).toBe(0);
  });

  it('fixes every race of the bundled example (as the README shows)', () => {
    expect(examples.stdout).toContain(
      "+$insert = $pdo->prepare('INSERT INTO cart_items (customer_id, product_id, quantity) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)');",
    );
    expect(examples.stdout).toContain("+    const { rows } = await client.query('SELECT quantity, price FROM products WHERE id = $1 FOR UPDATE', [productId]);");
    expect(examples.stderr).toContain('tocscan: would fix 3 findings in 2 files');
    expect(examples.stderr).toContain('ALTER TABLE cart_items ADD UNIQUE KEY uq_cart_items_customer_id_product_id (customer_id, product_id);');
    expect(examples.status).toBe(0);
  });
});

describe('tocscan --fix', () => {
  it('writes the fixes the fix harness expects', () => {
    expect(readFileSync(join(fixDir, 'inventory-for-update-autocommit.ts'), 'utf8')).toBe(fixed(PG));
    expect(readFileSync(join(fixDir, 'payment-mark-paid.php'), 'utf8')).toBe(fixed(PDO));
  });

  it('reports what remains, with the exit code for it', () => {
    const report = JSON.parse(applied.stdout) as { findings: { file: string; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['seed-product-service-layered.ts check-then-act']);
    expect(applied.status).toBe(1);
    expect(applied.stderr).toMatch(/seed-product-service-layered\.ts:55 {2}check-then-act {2}not fixed: No automatic fix \(the read or the write runs inside a helper function\)/);
    expect(readFileSync(join(fixDir, 'seed-product-service-layered.ts'), 'utf8')).toBe(original(UNFIXABLE));
  });

  it('exits 0 when every finding was fixed, and a second run changes nothing', () => {
    expect(clean.status).toBe(0);
    expect(clean.stderr).toContain('tocscan: fixed 3 findings in 2 files');
    const again = run(cleanDir, '.', '--fix');
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('tocscan: fixed 0 findings in 0 files');
    expect(readFileSync(join(cleanDir, 'inventory-for-update-autocommit.ts'), 'utf8')).toBe(fixed(PG));
  });

});

describe('tocscan --fix kills nothing', () => {
  it('leaves a read-only file as it was and says why', () => {
    expect(readFileSync(join(guardDir, 'locking-read-no-transaction.php'), 'utf8')).toBe(original('php/locking-read-no-transaction.php'));
    expect(guarded.stderr).toContain('locking-read-no-transaction.php: left untouched: it is read-only');
    expect(guarded.status).toBe(1);
  });

  it('does not write through a symlink to a file outside the scanned paths', () => {
    expect(lstatSync(join(guardDir, 'linked-outside.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'inventory-for-update-autocommit.ts'), 'utf8')).toBe(original(PG));
    expect(guarded.stderr).toContain('linked-outside.ts: left untouched: it is a symlink to a file outside the scanned paths');
  });

  it('does not write into a directory outside the scanned paths reached through a symlink', () => {
    expect(readFileSync(join(outside, 'seat-hold-unchecked.ts'), 'utf8')).toBe(original('ts/seat-hold-unchecked.ts'));
    expect(guarded.stderr).toContain('vendor-link/seat-hold-unchecked.ts: left untouched: it is outside the scanned paths');
  });

  it('follows a symlink whose target is inside the scanned paths, keeps the link and the file mode', () => {
    const target = join(guardDir, 'real', 'gift-card-unchecked-changes.ts');
    expect(lstatSync(join(guardDir, 'linked-inside.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(fixed('ts/gift-card-unchecked-changes.ts'));
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(guarded.stderr).toContain('real/gift-card-unchecked-changes.ts: left untouched: it is the same file as linked-inside.ts');
  });
});

describe('fix options', () => {
  it('--fix-type keeps to the kinds asked for', () => {
    const dir = temp();
    copy(dir, PG);
    const none = run(dir, '.', '--fix-dry-run', '--fix-type', 'upsert');
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('tocscan: would fix 0 findings in 0 files');
    expect(none.status).toBe(1);
    // the conditional write instead of the lock; the locking read under autocommit stays reported
    const conditional = run(dir, '.', '--fix-dry-run', '--fix-type', 'conditional,upsert');
    expect(conditional.stdout).toContain(
      "+  const updated = await pool.query('UPDATE inventory SET on_hand = on_hand - $1 WHERE warehouse_id = $2 AND sku = $3 AND on_hand >= $4', [qty, warehouseId, sku, qty]);\n+  if (updated.rowCount === 0) {\n+    return false;\n+  }\n",
    );
    expect(conditional.stderr).toContain('tocscan: would fix 1 finding in 1 file');
    expect(conditional.status).toBe(1);
  });

  it('rejects contradicting or unknown fix options (exit 2)', () => {
    const dir = temp();
    expect(run(dir, '.', '--fix', '--fix-dry-run')).toMatchObject({ status: 2, stderr: 'tocscan: Use either --fix or --fix-dry-run, not both.\n' });
    expect(run(dir, '.', '--fix-type', 'lock')).toMatchObject({ status: 2, stderr: 'tocscan: --fix-type needs --fix or --fix-dry-run.\n' });
    const bad = run(dir, '.', '--fix', '--fix-type', 'rewrite');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('fix types are lock, conditional, upsert, transaction');
  });
});
