import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { fixText, presetSeverities, planFixes, analyzeFiles } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import { tsFixLanguage } from '@tocscan/lang-ts';
import { phpFixLanguage } from '@tocscan/lang-php';
it('fuzz', { timeout: 600_000 }, () => {
  const sev = presetSeverities(rules, 'strict');
  let runs = 0; const errors: string[] = [];
  let seed = 7; const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (const d of ['ts', 'php']) for (const f of readdirSync(`fixtures/${d}`)) {
    if (/\.fixed\./.test(f)) continue;
    const text = readFileSync(`fixtures/${d}/${f}`, 'utf8');
    const lang = d === 'php' ? phpFixLanguage() : tsFixLanguage();
    const variants = [text];
    const lines = text.split('\n');
    for (let k = 0; k < 6; k++) { const copy = [...lines]; const i = Math.floor(rnd() * copy.length); copy.splice(i, 1 + Math.floor(rnd() * 2)); variants.push(copy.join('\n')); }
    for (const v of variants) for (const dialect of [undefined, 'mysql', 'postgresql', 'sqlite'] as const) for (const kinds of [undefined, ['conditional'], ['upsert'], ['lock']] as any[]) {
      try { const r = fixText(v, f, lang, { rules, severities: sev, dialect, kinds }); runs++; for (const x of r.remaining) if (/failed while planning/.test(x.reason)) errors.push(`${f} ${dialect} ${kinds}: ${x.reason}`); } catch (e) { errors.push(`${f} ${dialect} ${kinds}: ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`); }
    }
  }
  console.log('runs', runs, 'errors', errors.length); for (const e of errors.slice(0, 20)) console.log(e);
});
