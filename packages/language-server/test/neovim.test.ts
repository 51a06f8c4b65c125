/**
 * A real editor: headless Neovim (0.7.2, Debian's) starts the built server for a PHP fixture with
 * its own LSP client and reports what `vim.diagnostic.get()` holds. Skipped (loudly) without nvim,
 * except in CI, where a missing nvim fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt, SERVER_BIN } from './lsp-client.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/php/add-to-cart-mysqli.php', import.meta.url));
const INIT_LUA = fileURLToPath(new URL('./nvim/init.lua', import.meta.url));

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvimVersion.status === 0;
if (!hasNvim) {
  process.stderr.write('\n*** SKIPPED: the Neovim test needs `nvim` on PATH (apt-get install neovim); it fails instead when CI=true ***\n\n');
}

/** `// expect: a, b` on line n (1-based) means findings a and b on line n + 1, i.e. 0-based line n. */
function expectations(text: string): { lnum: number; code: string }[] {
  return text.split('\n').flatMap((line, i) => {
    const m = /\/\/ expect: (.*)$/.exec(line);
    return m ? m[1].split(',').map((code) => ({ lnum: i + 1, code: code.trim() })) : [];
  });
}

interface NvimDiagnostic {
  lnum: number;
  col: number;
  message: string;
  source: string;
  severity: number;
  code?: string;
  user_data?: { lsp?: { code?: string } };
}

describe('Neovim (headless) with the language server', () => {
  it.runIf(!hasNvim && process.env.CI === 'true')('has nvim installed in CI', () => {
    expect.fail('nvim is not installed, and CI=true: the Neovim test must run in CI');
  });

  it.runIf(hasNvim)('shows the fixture\'s races in vim.diagnostic.get() at the annotated lines', () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'tocscan-nvim-'));
    const out = join(dir, 'diagnostics.json');
    try {
      const run = spawnSync('nvim', ['--headless', '--clean', '-u', INIT_LUA], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          TOCSCAN_FILE: FIXTURE,
          TOCSCAN_ROOT: dirname(FIXTURE),
          TOCSCAN_LS_BIN: SERVER_BIN,
          TOCSCAN_NODE: process.execPath,
          TOCSCAN_OUT: out,
          // Keep nvim's state and logs out of the user's home.
          XDG_STATE_HOME: dir,
          XDG_CACHE_HOME: dir,
          XDG_DATA_HOME: dir,
        },
      });
      expect(run.error, run.stderr).toBeUndefined();
      expect(existsSync(out), `nvim wrote no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`).toBe(true);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { arrived: boolean; stopped: boolean; diagnostics: NvimDiagnostic[] };
      expect(report.arrived, 'diagnostics arrived in nvim').toBe(true);
      expect(report.stopped, 'the server stopped when nvim asked').toBe(true);
      expect(run.status, run.stderr).toBe(0);

      const got = report.diagnostics
        .map((d) => ({ lnum: d.lnum, code: d.code ?? d.user_data?.lsp?.code ?? '' }))
        .sort((a, b) => a.lnum - b.lnum || a.code.localeCompare(b.code));
      expect(got).toEqual(expectations(readFileSync(FIXTURE, 'utf8')));
      for (const d of report.diagnostics) {
        expect(d.source).toBe('tocscan');
        expect(d.severity).toBe(1);
      }
      const race = report.diagnostics.find((d) => d.lnum === 27)!;
      expect(race.col).toBe(4);
      expect(race.message).toMatch(/^cart_items: read at line 14 and written at line 28/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
