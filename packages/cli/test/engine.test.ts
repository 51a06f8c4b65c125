/**
 * The engine in the main thread (vitest runs the sources; the worker-thread pool is exercised through the
 * built binary in scale.test.ts): prefilter and relevance, cache, shards, per-file budget.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '@tocscan/core';
import { scan, type ScanOptions } from '../src/scan.js';
import { shardFiles } from '../src/shard.js';
import { mergeSarif } from '../src/merge.js';
import { toSarif } from '../src/reporters/sarif.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tocscan-engine-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const base = (cwd: string, extra: Partial<ScanOptions> = {}): ScanOptions => ({ cwd, preset: 'strict', maxFileSize: 5_000_000, threads: 1, ...extra });
const keys = (findings: readonly Finding[]) => findings.map((f) => `${f.file}:${f.loc.line}:${f.ruleId}:${f.fingerprint}`);

/** Helpers in files without SQL: a controller calling a repository's methods, a static utility passing a row through. */
const HELPERS = {
  'src/stock-repo.php': `<?php
class StockRepo {
    public function getStock($id) {
        $row = $this->db->query("SELECT qty FROM stock WHERE id = " . (int)$id)->fetch();
        return $row['qty'];
    }
    public function decrementStock($id) {
        $this->db->query("UPDATE stock SET qty = qty - 1 WHERE id = " . (int)$id);
    }
}
`,
  // No SQL here: \`buy\` reaches the repository through helper calls (the local functions of the same
  // names are plain functions, so \`$this->repo->…\` resolves to the methods elsewhere).
  'src/shop.php': `<?php
function getStock($id) { return 0; }
function decrementStock($id) { return 0; }
class Shop {
    public function buy($id) {
        $qty = $this->repo->getStock($id);
        if ($qty > 0) {
            $this->repo->decrementStock($id);
        }
    }
}
`,
  'src/util.php': `<?php
class Util {
    public static function pick($row) { return $row; }
}
`,
  'src/orders.php': `<?php
function pick($x) { return $x; }
class Orders {
    public function cancel($id) {
        $row = $this->db->query("SELECT status FROM orders WHERE id = " . (int)$id)->fetch();
        $status = Util::pick($row);
        if ($status['status'] === 'open') {
            $this->db->query("DELETE FROM orders WHERE id = " . (int)$id);
        }
    }
}
`,
  'src/view.php': `<?php\nfunction render($tpl, $data) { return str_replace('{name}', $data['name'], $tpl); }\n`,
};

describe('prefilter and relevance', () => {
  it('finds on the fixtures exactly what parsing every file finds', async () => {
    const fast = await scan(['fixtures'], base(repoRoot));
    const full = await scan(['fixtures'], base(repoRoot, { prefilter: false }));
    expect(keys(fast.findings)).toEqual(keys(full.findings));
    expect(fast.findings.length).toBeGreaterThan(50);
    expect(fast.errors).toEqual(full.errors);
  });

  it('pulls in files without SQL that define a helper the analysis needs, and only those', async () => {
    const root = project(HELPERS);
    const fast = await scan(['src'], base(root));
    const full = await scan(['src'], base(root, { prefilter: false }));
    expect(keys(fast.findings)).toEqual(keys(full.findings));
    // A race decided in a file without SQL, and one that needs the static helper of another file.
    expect(fast.findings.map((f) => `${f.file}:${f.loc.line}`)).toEqual(['src/orders.php:8', 'src/shop.php:8']);
    expect(fast.stats).toMatchObject({ files: 5, signalled: 2, parsed: 4, pulledIn: 2 });
  });
});

describe('--cache', () => {
  it('reuses unchanged files, re-reads a changed one, and gives the same report', async () => {
    const root = project({ ...HELPERS, 'src/notes.ts': 'export const note = 1;\n' });
    const cache = { location: join(root, '.cache/') };
    const cold = await scan(['src'], base(root, { cache }));
    expect(cold.stats).toMatchObject({ fromCache: 0, parsed: 4, cacheFile: join(root, '.cache/.tocscancache') });

    const warm = await scan(['src'], base(root, { cache }));
    expect(warm.stats).toMatchObject({ fromCache: 6, parsed: 0 });
    expect(keys(warm.findings)).toEqual(keys(cold.findings));
    // Other rules over the same files: the models are reused, the analysis runs again.
    const recommended = await scan(['src'], base(root, { cache, preset: 'recommended' }));
    expect(recommended.stats).toMatchObject({ fromCache: 6, parsed: 0 });
    expect(keys(recommended.findings)).toEqual(keys((await scan(['src'], base(root, { preset: 'recommended' }))).findings));

    // Touched but not changed: read and hashed again, nothing parsed.
    utimesSync(join(root, 'src/util.php'), new Date(), new Date(Date.now() + 5000));
    const touched = await scan(['src'], base(root, { cache }));
    expect(touched.stats).toMatchObject({ fromCache: 6, parsed: 0 });

    // One file changed: only it is parsed again; the race through the helper it defines is gone.
    writeFileSync(join(root, 'src/util.php'), '<?php\nclass Util {\n    public static function pick($row) { return null; }\n}\n');
    const changed = await scan(['src'], base(root, { cache }));
    expect(changed.stats).toMatchObject({ fromCache: 5, parsed: 1 });
    const fresh = await scan(['src'], base(root));
    expect(keys(changed.findings)).toEqual(keys(fresh.findings));
    expect(changed.findings.map((f) => f.file)).toEqual(['src/shop.php']);

    // Other options that change what files give: a cache of its own.
    const otherDialect = await scan(['src'], base(root, { cache, dialect: 'postgresql' }));
    expect(otherDialect.stats).toMatchObject({ fromCache: 0 });
  });

  it('starts afresh from a corrupt cache file and reports one it cannot write', async () => {
    const root = project({ ...HELPERS });
    writeFileSync(join(root, '.tocscancache'), 'not a cache');
    const r = await scan(['src'], base(root, { cache: {} }));
    expect(r.stats).toMatchObject({ fromCache: 0, parsed: 4 });
    expect(r.notes).toEqual([]);
    const blocked = await scan(['src'], base(root, { cache: { location: join(root, 'src/util.php/cache') } }));
    expect(blocked.notes).toEqual([expect.stringMatching(/^cannot write the cache .*util\.php\/cache: /)]);
    expect(keys(blocked.findings)).toEqual(keys(r.findings));
  });
});

describe('--shard', () => {
  it('splits the files into contiguous equal parts', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const parts = [1, 2, 3].map((index) => shardFiles(files, { index, count: 3 }));
    expect(parts).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f', 'g']]);
  });

  it('reports in each shard exactly the full run’s findings in its files, across helpers in other shards', async () => {
    const root = project(HELPERS);
    const full = await scan(['src'], base(root));
    const shards = await Promise.all([1, 2, 3].map((index) => scan(['src'], base(root, { shard: { index, count: 3 } }))));
    expect(shards.flatMap((s) => s.files)).toEqual(full.files);
    expect(shards.flatMap((s) => keys(s.findings))).toEqual(keys(full.findings));
    const merged = mergeSarif(shards.map((s) => toSarif({ version: '1.0.0', root, preset: 'strict', ...s })));
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0].results).toEqual(toSarif({ version: '1.0.0', root, preset: 'strict', ...full }).runs[0].results);
  });
});

describe('per-file time budget', () => {
  it('reports a file that took longer than the budget and goes on', async () => {
    const slow = `// generated\n${Array.from({ length: 3000 }, (_, i) => `export const v${i} = 'SELECT ${i}';`).join('\n')}\n`;
    const root = project({ ...HELPERS, 'src/generated.ts': slow });
    const r = await scan(['src'], base(root, { timeoutMs: 1 }));
    const timeout = r.errors.find((e) => e.file === 'src/generated.ts');
    expect(timeout).toEqual({ file: 'src/generated.ts', kind: 'timeout', severity: 'warning', message: 'Skipped: took longer than 0.001 s to analyse (see --timeout).' });
    const untimed = await scan(['src'], base(root, { timeoutMs: 0 }));
    expect(untimed.errors).toEqual([]);
  });
});
