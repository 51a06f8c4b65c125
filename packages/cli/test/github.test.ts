import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github } from '../src/reporters/github.js';
import { loc, report, shopFinding } from './helpers.js';

describe('github reporter', () => {
  it('escapes per the workflow-command rules', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
  });

  it('annotates a finding at the write with 1-based columns and the read in the message', () => {
    const out = github(report({ findings: [shopFinding()] }), { color: false });
    expect(out).toBe(
      '::error file=src/shop.ts,line=6,col=9,endLine=6,endColumn=75,title=tocscan/check-then-act::' +
        'products: read at line 4 and written at line 6; another request can change the row in between.' +
        '%0ARead at src/shop.ts:4:26: SELECT qty FROM products WHERE id = $1\n',
    );
  });

  it('uses ::warning for warnings and escapes file names and messages', () => {
    const f = shopFinding({ severity: 'warning', file: 'src/a,b:c.ts', message: '100% sure\nreally', read: undefined, loc: loc(3, 0, 5, 2) });
    expect(github(report({ findings: [f] }), { color: false })).toBe(
      '::warning file=src/a%2Cb%3Ac.ts,line=3,col=1,endLine=5,endColumn=2,title=tocscan/check-then-act::100%25 sure%0Areally\n',
    );
  });

  it('annotates per-file problems, with a position when there is one', () => {
    const out = github(
      report({
        errors: [
          { file: 'x.php', kind: 'parse', severity: 'error', message: 'Parse error: a', line: 2, column: 4 },
          { file: 'y.js', kind: 'binary', severity: 'warning', message: 'File is not text' },
        ],
      }),
      { color: false },
    );
    expect(out).toBe('::error file=x.php,line=2,col=5,title=tocscan/parse::Parse error: a\n::warning file=y.js,title=tocscan/binary::File is not text\n');
  });

  it('prints nothing when clean', () => {
    expect(github(report(), { color: false })).toBe('');
  });
});
