import { describe, expect, it } from 'vitest';
import { renderCodeFrame } from '../src/code-frame.js';
import { loc } from './helpers.js';

/** The marker line's carets: [first caret's index in the line of code, caret count]. */
function marker(frame: string): { codeLine: string; caretAt: number; carets: number } {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => l.startsWith('>'));
  const codeStart = lines[i].indexOf('|') + 2;
  const m = lines[i + 1];
  return { codeLine: lines[i].slice(codeStart), caretAt: m.indexOf('^') - codeStart, carets: (m.match(/\^/g) ?? []).length };
}

describe('renderCodeFrame', () => {
  const source = ['function f() {', '  const x = 1;', '  db.run(sql, x);', '  return x;', '}'].join('\n');

  it('marks the span with 1-based babel columns converted from the 0-based Loc', () => {
    const frame = renderCodeFrame(source, loc(3, 2, 3, 17), 80, false);
    expect(frame).toContain('> 3 |   db.run(sql, x);');
    expect(frame).toContain('  1 | function f() {');
    expect(frame).toContain('  5 | }');
    const m = marker(frame);
    expect(m.codeLine.slice(m.caretAt, m.caretAt + m.carets)).toBe('db.run(sql, x);');
  });

  it('marks a multi-line span on its first line only', () => {
    const m = marker(renderCodeFrame(source, loc(2, 8, 4, 3), 80, false));
    expect(m.codeLine.slice(m.caretAt, m.caretAt + m.carets)).toBe('x = 1;');
  });

  it('expands tabs so the marker stays under the span', () => {
    const m = marker(renderCodeFrame('if (x) {\n\t\tdb.run(sql);\n}', loc(2, 2, 2, 14), 80, false));
    expect(m.codeLine).toBe('    db.run(sql);');
    expect(m.codeLine.slice(m.caretAt, m.caretAt + m.carets)).toBe('db.run(sql);');
  });

  it('cuts long lines around the span to fit the width', () => {
    const long = `${'x'.repeat(120)} db.query('UPDATE t SET a = 1') ${'y'.repeat(100)}`;
    const frame = renderCodeFrame(`a\n${long}\nb`, loc(2, 121, 2, 151), 60, false);
    for (const l of frame.split('\n')) expect(l.length).toBeLessThanOrEqual(60);
    const m = marker(frame);
    expect(m.codeLine.startsWith('…')).toBe(true);
    expect(m.codeLine.endsWith('…')).toBe(true);
    expect(m.codeLine.slice(m.caretAt, m.caretAt + m.carets)).toBe("db.query('UPDATE t SET a = 1')");
  });

  it('highlights only when colour is on', () => {
    expect(renderCodeFrame(source, loc(3, 2, 3, 17), 80, false)).not.toContain('\u001b');
    expect(renderCodeFrame(source, loc(3, 2, 3, 17), 80, true)).toContain('\u001b');
  });
});
