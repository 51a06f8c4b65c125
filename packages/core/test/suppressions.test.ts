import { describe, expect, it } from 'vitest';
import { parseSuppressions, suppressionFor } from '@tocscan/core';

const brief = (text: string, lang: 'ts' | 'php') =>
  parseSuppressions(text, lang).map((s) => ({ line: s.loc.line, target: s.targetLine, rules: s.rules, reason: s.reason, kind: s.kind }));

describe('parseSuppressions', () => {
  it('reads the rule ids and the reason of a line comment, for the next line', () => {
    const text = ['const a = 1;', '  // tocscan-ignore-next-line check-then-act -- stock is reserved by the queue worker', 'await pool.query(sql);'].join('\n');
    expect(brief(text, 'ts')).toEqual([{ line: 2, target: 3, rules: ['check-then-act'], reason: 'stock is reserved by the queue worker', kind: 'tocscan' }]);
  });

  it('reads several ids, the tocscan/ prefix, no reason, and no ids (every rule)', () => {
    const text = [
      '// tocscan-ignore-next-line insert-if-absent, tocscan/check-then-act',
      'x();',
      '// tocscan-ignore-next-line -- reviewed in PR 12',
      'y();',
      '/* tocscan-ignore-next-line check-then-act --- two dashes or more */',
      'z();',
    ].join('\n');
    expect(brief(text, 'ts')).toEqual([
      { line: 1, target: 2, rules: ['insert-if-absent', 'check-then-act'], reason: '', kind: 'tocscan' },
      { line: 3, target: 4, rules: [], reason: 'reviewed in PR 12', kind: 'tocscan' },
      { line: 5, target: 6, rules: ['check-then-act'], reason: 'two dashes or more', kind: 'tocscan' },
    ]);
  });

  it('takes # comments in PHP only, never PHP attributes, and a block comment silences the line after its end', () => {
    const php = ['<?php', '# tocscan-ignore-next-line insert-if-absent -- UNIQUE key', '$db->query($sql);', '#[tocscan-ignore-next-line]', '/* tocscan-ignore-next-line', '   check-then-act -- legacy */', 'run();'].join('\n');
    expect(brief(php, 'php')).toEqual([
      { line: 2, target: 3, rules: ['insert-if-absent'], reason: 'UNIQUE key', kind: 'tocscan' },
      { line: 5, target: 7, rules: ['check-then-act'], reason: 'legacy', kind: 'tocscan' },
    ]);
    expect(brief('# tocscan-ignore-next-line check-then-act\nx();', 'ts')).toEqual([]);
  });

  it("reads ESLint's directives for tocscan rules in TS (not other plugins', not in PHP)", () => {
    const text = [
      '// eslint-disable-next-line tocscan/check-then-act -- covered by a trigger',
      'a();',
      'b(); // eslint-disable-line tocscan/insert-if-absent',
      '// eslint-disable-next-line no-console',
      'c();',
      '// eslint-disable-next-line',
      'd();',
    ].join('\n');
    expect(brief(text, 'ts')).toEqual([
      { line: 1, target: 2, rules: ['check-then-act'], reason: 'covered by a trigger', kind: 'eslint' },
      { line: 3, target: 3, rules: ['insert-if-absent'], reason: '', kind: 'eslint' },
      { line: 6, target: 7, rules: [], reason: '', kind: 'eslint' },
    ]);
    expect(brief('<?php\n// eslint-disable-next-line tocscan/check-then-act\nx();', 'php')).toEqual([]);
  });

  it('ignores the marker inside other text and is empty for files without it', () => {
    expect(brief("const s = 'see tocscan-ignore-next-line in the docs';", 'ts')).toEqual([]);
    expect(parseSuppressions('const a = 1;\n', 'ts')).toEqual([]);
  });
});

describe('suppressionFor', () => {
  it('matches the rule on the target line; an empty list matches every rule', () => {
    const list = parseSuppressions('// tocscan-ignore-next-line insert-if-absent\nx();\n// tocscan-ignore-next-line\ny();', 'ts');
    expect(suppressionFor(list, 'insert-if-absent', 2)).toBe(list[0]);
    expect(suppressionFor(list, 'check-then-act', 2)).toBeUndefined();
    expect(suppressionFor(list, 'insert-if-absent', 3)).toBeUndefined();
    expect(suppressionFor(list, 'check-then-act', 4)).toBe(list[1]);
  });
});
