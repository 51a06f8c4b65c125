/** The terminal extras on stderr: the progress line (big runs, TTY, not CI) and the summary line. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../src/main.js';
import { PROGRESS_MIN_FILES, summaryLine } from '../src/progress.js';
import { report, shopFinding } from './helpers.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tocscan-progress-'));
  mkdirSync(join(root, 'big'));
  for (let i = 0; i < PROGRESS_MIN_FILES; i++) writeFileSync(join(root, 'big', `page${i}.php`), `<?php\necho ${i};\n`);
  writeFileSync(
    join(root, 'big', 'buy.php'),
    '<?php\nfunction buy($db, $id) {\n  $row = $db->query("SELECT qty FROM products WHERE id = " . (int) $id)->fetch_assoc();\n  if ($row[\'qty\'] > 0) { $db->query("UPDATE products SET qty = qty - 1 WHERE id = " . (int) $id); }\n}\n',
  );
  mkdirSync(join(root, 'small'));
  writeFileSync(join(root, 'small', 'a.php'), '<?php\necho 1;\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** In this process (no worker threads: their module is built JS, not the sources vitest runs). */
async function run(args: string[], terminal: { stderrIsTTY: boolean; env?: NodeJS.ProcessEnv }) {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    cwd: root,
    env: terminal.env ?? {},
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    isTTY: false,
    stderrIsTTY: terminal.stderrIsTTY,
  };
  const code = await main([...args, '--threads', '1'], io);
  return { code, ...out };
}

describe('progress and summary on a terminal', () => {
  it('shows a progress line for a big run, clears it, then prints the summary', async () => {
    const r = await run(['big', '--format', 'json'], { stderrIsTTY: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\r\u001b\[Ktocscan: \d+\/301 files \(\d+%\)/);
    expect(r.stderr).toContain('\r\u001b[Ktocscan: 301/301 files (100%)');
    expect(r.stderr).toMatch(/\r\u001b\[Ktocscan: 301 files, 1 finding \(check-then-act 1\) in \d+\.\d s\n$/);
    expect(JSON.parse(r.stdout).findings).toHaveLength(1);
  });

  it('never shows progress in CI, with --no-progress, or for a small run; the summary stays', async () => {
    for (const r of [
      await run(['big', '-f', 'json'], { stderrIsTTY: true, env: { CI: 'true' } }),
      await run(['big', '-f', 'json', '--no-progress'], { stderrIsTTY: true }),
    ]) {
      expect(r.stderr).toMatch(/^tocscan: 301 files, 1 finding \(check-then-act 1\) in \d+\.\d s\n$/);
    }
    expect((await run(['small'], { stderrIsTTY: true })).stderr).toMatch(/^tocscan: 1 file, 0 findings in \d+\.\d s\n$/);
  });

  it('prints nothing on stderr when it is not a terminal', async () => {
    const r = await run(['big', '-f', 'json'], { stderrIsTTY: false });
    expect(r.stderr).toBe('');
  });
});

describe('summaryLine', () => {
  it('counts files, findings by rule, time, and what was suppressed or baselined', () => {
    const r = report({ files: ['a.ts', 'b.ts'], findings: [shopFinding(), shopFinding({ ruleId: 'insert-if-absent' }), shopFinding()] });
    expect(summaryLine(r, { elapsedMs: 2440, suppressed: 2, baselined: 12 })).toBe(
      'tocscan: 2 files, 3 findings (check-then-act 2, insert-if-absent 1) in 2.4 s; 2 suppressed, 12 in the baseline\n',
    );
  });
});
