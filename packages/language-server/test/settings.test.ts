/**
 * The command line, the `tocscan.languages` setting, and which documents it turns on.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { frontendLang, languageOf } from '../src/languages.js';
import { defaultSettings, readSettings } from '../src/settings.js';

describe('parseArgs', () => {
  it('serves on the transport an editor names, and refuses to start without one', () => {
    expect(parseArgs(['--stdio'])).toEqual({ kind: 'serve' });
    expect(parseArgs(['--node-ipc', '--clientProcessId=42'])).toEqual({ kind: 'serve' });
    expect(parseArgs(['--socket=5007'])).toEqual({ kind: 'serve' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseArgs(['--stdio', '-h'])).toEqual({ kind: 'help' });
    expect(parseArgs([])).toMatchObject({ kind: 'usage-error' });
    expect(parseArgs(['--socket='])).toMatchObject({ kind: 'usage-error' });
  });
});

describe('settings', () => {
  it('analyses PHP only by default', () => {
    expect([...defaultSettings().languages]).toEqual(['php']);
  });

  it('reads tocscan.languages, reports unknown names and keeps the known ones', () => {
    expect(readSettings({ languages: ['php', 'typescript', 'javascript'] })).toEqual({
      settings: { languages: new Set(['php', 'typescript', 'javascript']) },
      problems: [],
    });
    expect(readSettings({ languages: ['typescript', 'cobol'] })).toEqual({
      settings: { languages: new Set(['typescript']) },
      problems: ['tocscan.languages: unknown language "cobol" (allowed: "php", "typescript", "javascript")'],
    });
  });

  it('keeps what is in force when the client says nothing, or nonsense', () => {
    expect(readSettings(undefined)).toEqual({ problems: [] });
    expect(readSettings(null)).toEqual({ problems: [] });
    expect(readSettings({ other: 1 })).toEqual({ problems: [] });
    expect(readSettings({ languages: 'php' }).settings).toBeUndefined();
    expect(readSettings('php').problems).toEqual(['tocscan settings must be an object, got "php"']);
  });
});

describe('languageOf', () => {
  it('takes the client\'s language id, else the extension', () => {
    expect(languageOf('file:///w/a.txt', 'php')).toBe('php');
    expect(languageOf('untitled:Untitled-1', 'php')).toBe('php');
    expect(languageOf('file:///w/view.phtml', 'html')).toBe('php');
    expect(languageOf('file:///w/lib.INC', 'plaintext')).toBe('php');
    expect(languageOf('file:///w/a.tsx', 'typescriptreact')).toBe('typescript');
    expect(languageOf('file:///w/a.mjs', '')).toBe('javascript');
    expect(languageOf('file:///w/a.py', 'python')).toBeUndefined();
    expect(frontendLang('javascript')).toBe('ts');
  });
});
