import { describe, expect, it } from 'vitest';
import { globMatcher, projectFileFilter } from '../src/project-files.js';

describe('include and exclude globs', () => {
  it('match like globby: * within a directory, ** across, a directory takes its contents', () => {
    const m = (glob: string) => globMatcher([glob]);
    expect(m('*.php')('index.php')).toBe(true);
    expect(m('*.php')('lib/index.php')).toBe(false);
    expect(m('**/*.php')('lib/deep/index.php')).toBe(true);
    expect(m('legacy/vendor')('legacy/vendor/a/b.php')).toBe(true);
    expect(m('legacy/vendor/')('legacy/vendor/a/b.php')).toBe(true);
    expect(m('legacy/vendor/**')('legacy/vendor/a/b.php')).toBe(true);
    expect(m('legacy/vendor')('legacy/vendors/a.php')).toBe(false);
    expect(m('src/**/*.{ts,tsx}')('src/a/b/c.tsx')).toBe(true);
    expect(m('src/**/*.{ts,tsx}')('src/c.js')).toBe(false);
    expect(m('admin/[!_]*.php')('admin/users.php')).toBe(true);
    expect(m('admin/[!_]*.php')('admin/_old.php')).toBe(false);
    expect(m('file?.php')('file1.php')).toBe(true);
    expect(m('./a.b+c.php')('a.b+c.php')).toBe(true);
    expect(m('./a.b+c.php')('aXb+c.php')).toBe(false);
  });

  it('match dot files and directories like any other', () => {
    expect(globMatcher(['**/*.php'])('.hidden/x.php')).toBe(true);
    expect(globMatcher(['*'])('.env.php')).toBe(true);
  });

  it('keep included files that are not excluded; paths outside the directory match nothing', () => {
    const keep = projectFileFilter(['app/**/*.php', 'api'], ['app/install/**']);
    expect(keep('app/index.php')).toBe(true);
    expect(keep('app/install/setup.php')).toBe(false);
    expect(keep('app/index.ts')).toBe(false);
    expect(keep('api/x.ts')).toBe(true);
    expect(keep('../api/x.ts')).toBe(false);
    expect(projectFileFilter(undefined, ['dist'])('src/a.ts')).toBe(true);
    expect(projectFileFilter(undefined, ['dist'])('dist/a.ts')).toBe(false);
  });
});
