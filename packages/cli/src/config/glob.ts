/**
 * `include` / `exclude` globs of the configuration, matched against paths relative to the
 * configuration's directory (`/`-separated):
 *
 *   `*` any characters but `/`;  `?` one of them;  `**` any number of directories;
 *   `{a,b}` either;  `[abc]`, `[!abc]` one character of (not of) a set.
 *
 * As in globby and ESLint, `*.php` matches at the top only (`**\/*.php` at any depth), and a glob that
 * matches a directory matches everything below it (`legacy/vendor` = `legacy/vendor/**`).
 */
import { relative, resolve, sep } from 'node:path';

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** The regular expression source of one glob (without anchors). */
export function globSource(glob: string): string {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const atEnd = i + 2 === g.length || g[i + 2] === '/';
        i++;
        if (atStart && g[i + 1] === '/') {
          out += '(?:.*/)?';
          i++;
        } else if (atStart && atEnd) {
          out += '.*';
        } else {
          out += '[^/]*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      const body = g.slice(i + 1, end).replace(/\\/g, '\\\\');
      out += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) {
      out += '|';
    } else {
      out += escape(ch);
    }
  }
  return out + ')'.repeat(braces);
}

/** A matcher for a list of globs: the path or one of its parent directories matches one of them. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const re = new RegExp(`^(?:${globs.map(globSource).join('|')})(?:/.*)?$`);
  return (path) => re.test(path);
}

/**
 * Which files a run keeps, from the configuration's `include` and `exclude` (relative to `base`).
 * `file` is relative to `cwd`. No include list: every file; an exclude match always loses.
 */
export function fileFilter(base: string, cwd: string, include: readonly string[] | undefined, exclude: readonly string[] | undefined) {
  const included = include && include.length > 0 ? globMatcher(include) : () => true;
  const excluded = globMatcher(exclude ?? []);
  return (file: string): boolean => {
    const path = relative(base, resolve(cwd, file)).split(sep).join('/');
    return included(path) && !excluded(path);
  };
}
