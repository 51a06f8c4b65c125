/**
 * The fixes, on every fixture: the fix engine applies the preferred verified fix per finding (strict
 * preset, every rule) and the result must equal the fixture's `*.fixed.<ext>` byte for byte. A fixture
 * without fixes has no `.fixed` file. The fixed text is parsed and scanned again here, independently
 * of the engine's own checks: it parses, every finding it still has was there before (same rule,
 * unit and table), the fixed findings are gone, and fixing it again changes nothing.
 *
 * `UPDATE_FIXED=1 npx vitest run tests/fixes.test.ts` rewrites the `.fixed` files (review the diff).
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFiles, findingsFor, fixText, type Dialect, type FileFixResult, type Finding, type FixLanguage, type Severity } from '@tocscan/core';
import { phpFixLanguage } from '@tocscan/lang-php';
import { tsFixLanguage } from '@tocscan/lang-ts';
import { rules } from '@tocscan/rules';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIXED = /\.fixed\.[^.]+$/;
const every = new Map<string, Severity>(rules.map((r) => [r.id, 'error']));

/** Fixtures whose driver does not tell the dialect (a PDO or DBAL connection passed in, Laravel's DB facade): given as `--dialect` would. */
const DIALECT: Readonly<Record<string, Dialect>> = {
  'php/checkout-service-pdo.php': 'mysql',
  'php/dbal-transactional-plain.php': 'postgresql',
  'php/dbal-wallet-repository.php': 'postgresql',
  'php/laravel-expire-carts.php': 'mysql',
  'php/laravel-plain-transaction.php': 'mysql',
  'php/laravel-wallet-controller.php': 'mysql',
  'php/lost-update-balance.php': 'mysql',
  'php/newsletter-signup-pdo.php': 'postgresql',
  'php/opencart-cart-model.php': 'mysql',
};

function fixtures(): string[] {
  const out: string[] = [];
  for (const dir of ['ts', 'php']) {
    for (const name of readdirSync(join(root, 'fixtures', dir)).sort()) {
      if (FIXED.test(name) || name.startsWith('broken') || name.endsWith('.md')) continue;
      out.push(`${dir}/${name}`);
    }
  }
  return out;
}

function fixedName(fixture: string): string {
  return fixture.replace(/(\.[^.]+)$/, '.fixed$1');
}

function languageOf(fixture: string): FixLanguage {
  return fixture.endsWith('.php') ? phpFixLanguage() : tsFixLanguage();
}

function scan(text: string, path: string, language: FixLanguage, dialect: Dialect | undefined): { findings: Finding[]; problems: number } {
  const { model } = language.parse(text, path, { dialect });
  return { findings: findingsFor(analyzeFiles([model])[0], rules, every), problems: model.problems.length };
}

const key = (f: Finding) => `${f.ruleId}|${f.unit}|${f.table}`;

const results = new Map<string, { text: string; result: FileFixResult }>();

/** The fixture's text and what the fix engine makes of it (computed once). */
function fixed(fixture: string): { text: string; result: FileFixResult } {
  let r = results.get(fixture);
  if (!r) {
    const text = readFileSync(join(root, 'fixtures', fixture), 'utf8');
    r = { text, result: fixText(text, `fixtures/${fixture}`, languageOf(fixture), { rules, severities: every, dialect: DIALECT[fixture] }) };
    results.set(fixture, r);
  }
  return r;
}

describe('fixes on the fixtures', () => {
  const all = fixtures();

  it.each(all)('%s', (fixture) => {
    const path = `fixtures/${fixture}`;
    const language = languageOf(fixture);
    const dialect = DIALECT[fixture];
    const { text, result } = fixed(fixture);
    const expectedPath = join(root, 'fixtures', fixedName(fixture));

    if (process.env.UPDATE_FIXED) {
      if (result.output !== text) writeFileSync(expectedPath, result.output);
      else if (existsSync(expectedPath)) unlinkSync(expectedPath);
    }
    if (result.output === text) {
      expect(existsSync(expectedPath), `${fixedName(fixture)} exists but nothing is fixed`).toBe(false);
      return;
    }
    expect(result.output).toBe(readFileSync(expectedPath, 'utf8'));

    const before = scan(text, path, language, dialect);
    const after = scan(result.output, path, language, dialect);
    expect(after.problems, 'the fixed text parses').toBe(0);
    const known = new Map<string, number>();
    for (const f of before.findings) known.set(key(f), (known.get(key(f)) ?? 0) + 1);
    for (const f of after.findings) {
      const left = known.get(key(f)) ?? 0;
      expect(left, `new finding ${f.ruleId} at line ${f.loc.line}`).toBeGreaterThan(0);
      known.set(key(f), left - 1);
    }
    expect(after.findings.length).toBeLessThanOrEqual(before.findings.length - result.applied.length);

    const again = fixText(result.output, path, language, { rules, severities: every, dialect });
    expect(again.applied).toEqual([]);
    expect(again.output).toBe(result.output);
  });

  it.each(['ts/seed-payment-mark-paid.ts', 'ts/seat-hold-unchecked.ts', 'php/payment-mark-paid.php', 'php/legacy-vote-mysqli-procedural.php'])(
    'keeps CRLF line breaks: %s',
    (fixture) => {
      const { text, result } = fixed(fixture);
      const crlf = fixText(text.replace(/\n/g, '\r\n'), `fixtures/${fixture}`, languageOf(fixture), { rules, severities: every, dialect: DIALECT[fixture] });
      expect(result.output).not.toBe(text);
      expect(crlf.output).toBe(result.output.replace(/\n/g, '\r\n'));
    },
  );

  it('removes most findings of the recommended rules', () => {
    const recommended = new Set(rules.filter((r) => r.presets.recommended).map((r) => r.id));
    let total = 0;
    let left = 0;
    for (const fixture of all) {
      const { result } = fixed(fixture);
      total += result.initial.filter((f) => recommended.has(f.ruleId)).length;
      left += result.remaining.filter((r) => recommended.has(r.finding.ruleId)).length;
    }
    expect((total - left) / total).toBeGreaterThan(0.5);
  });
});
