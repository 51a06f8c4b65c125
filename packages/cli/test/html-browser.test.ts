/**
 * The HTML report in a real browser (Debian's chromium, headless): the page loads without console
 * errors and shows every finding of a real run. Skipped loudly when chromium is absent; fails then
 * when CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(repoRoot, 'packages/cli/bin/tocscan.js');
const present = existsSync(CHROMIUM);

if (!present) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: the HTML report cannot be tested in a browser (CI=true).`);
  console.warn(`\n*** SKIPPED: ${CHROMIUM} is missing, so the HTML report is not tested in a browser. Install chromium (.ci/run does). ***\n`);
}

describe.skipIf(!present)('html report in headless chromium', () => {
  let browser: Browser;
  let dir: string;
  let fingerprints: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tocscan-html-'));
    const args = ['fixtures/php', 'fixtures/ts', '--preset', 'strict', '--no-config'];
    const json = spawnSync(process.execPath, [bin, ...args, '--format', 'json'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
    fingerprints = (JSON.parse(json.stdout) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint);
    const html = spawnSync(process.execPath, [bin, ...args, '--format', 'html', '-o', join(dir, 'report.html')], { cwd: repoRoot, encoding: 'utf8' });
    expect(html.status, html.stderr).toBe(1);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads without errors and shows every finding, with its code and its two-request timeline', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);

    expect(fingerprints.length).toBeGreaterThan(40);
    const shown = await page.locator('article.finding').evaluateAll((nodes) =>
      nodes.map((n) => ({
        fingerprint: n.getAttribute('data-fingerprint'),
        visible: (n as HTMLElement).offsetHeight > 0,
        code: n.querySelectorAll('table.code tr.act').length,
        lanes: n.querySelectorAll('.timeline td.lane-b code').length,
        damage: n.querySelector('.timeline tr.note')?.textContent ?? '',
      })),
    );
    expect(shown.map((s) => s.fingerprint).sort()).toEqual([...fingerprints].sort());
    for (const s of shown) {
      expect(s.visible, s.fingerprint!).toBe(true);
      expect(s.code, s.fingerprint!).toBeGreaterThan(0);
      expect(s.damage, s.fingerprint!).toMatch(/^⚠ /);
    }
    expect(shown.filter((s) => s.lanes > 0).length).toBeGreaterThan(40);

    // The rule chips hide and show their findings.
    const chip = page.locator('.chips button[data-rule="check-then-act"]');
    const count = Number((await chip.textContent())?.split('·')[1]);
    await chip.click();
    expect(await page.locator('article.finding[data-rule="check-then-act"]:visible').count()).toBe(0);
    await chip.click();
    expect(await page.locator('article.finding[data-rule="check-then-act"]:visible').count()).toBe(count);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is readable without a network (no external requests)', () => {
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).not.toMatch(/https?:\/\/(?!github\.com\/tocscan)/);
  });
});
