import { describe, expect, it } from 'vitest';
import { rules } from '@tocscan/rules';
import plugin from '../src/index.js';

describe('flat configs', () => {
  it('are generated from the rules\u2019 presets', () => {
    const recommended = rules.filter((r) => r.presets.recommended).map((r) => `tocscan/${r.id}`);
    const strict = rules.filter((r) => r.presets.strict).map((r) => `tocscan/${r.id}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(Object.keys(plugin.configs.strict.rules ?? {}).sort()).toEqual(strict.sort());
    expect(recommended).toEqual(expect.arrayContaining(['tocscan/check-then-act', 'tocscan/insert-if-absent', 'tocscan/locking-read-outside-transaction']));
    expect(strict.length).toBe(5);
  });

  it('carry the plugin, and every rule has meta that ESLint expects', () => {
    expect(plugin.configs.recommended.plugins?.tocscan).toBe(plugin);
    for (const r of rules) {
      const meta = plugin.rules[r.id].meta;
      expect(meta.docs?.url).toMatch(new RegExp(`docs/rules/${r.id}\\.md$`));
      expect(meta.messages).toEqual(r.messages);
      expect(meta.schema).toBeDefined();
    }
  });
});
