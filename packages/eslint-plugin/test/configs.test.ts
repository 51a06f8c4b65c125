import { describe, expect, it } from 'vitest';
import { fixMessagesFor } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import plugin from '../src/index.js';

describe('flat configs', () => {
  it('are generated from the rules\u2019 presets', () => {
    const recommended = rules.filter((r) => r.presets.recommended).map((r) => `tocscan/${r.id}`);
    const strict = rules.filter((r) => r.presets.strict).map((r) => `tocscan/${r.id}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(Object.keys(plugin.configs.strict.rules ?? {}).sort()).toEqual(strict.sort());
    expect(recommended).toEqual(expect.arrayContaining(['tocscan/check-then-act', 'tocscan/insert-if-absent', 'tocscan/locking-read-outside-transaction', 'tocscan/transaction-on-pool']));
    expect(strict.length).toBe(6);
  });

  it('carry the plugin, and every rule has meta that ESLint expects', () => {
    expect(plugin.configs.recommended.plugins?.tocscan).toBe(plugin);
    for (const r of rules) {
      const meta = plugin.rules[r.id].meta;
      expect(meta.docs?.url).toMatch(new RegExp(`docs/rules/${r.id}\\.md$`));
      // the rule's messages, and one per way of fixing it offers: suggestions only, never an autofix
      expect(meta.messages).toEqual({ ...r.messages, ...fixMessagesFor(r.fixes ?? []) });
      expect(Boolean(meta.hasSuggestions)).toBe(Boolean(r.fixes?.length));
      expect(meta.fixable).toBeUndefined();
      expect(meta.schema).toBeDefined();
    }
  });
});
