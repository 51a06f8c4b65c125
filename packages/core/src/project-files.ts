/**
 * Which files of a project tocscan looks at: the configuration's `include` / `exclude` globs, matched
 * (with picomatch, as fast-glob and globby match) against paths relative to the configuration's
 * directory, `/`-separated. Shared by the CLI and the language server, so a file the CLI leaves out
 * gets no squiggles either.
 *
 *   `*` any characters but `/` (dot files too);  `?` one of them;  `**` any number of directories;
 *   `{a,b}` either;  `[abc]`, `[!abc]` one character of (not of) a set.
 *
 * As in globby and ESLint, `*.php` matches at the top only (`**\/*.php` at any depth), and a glob that
 * matches a directory matches everything below it (`legacy/vendor` = `legacy/vendor/**`).
 */
import picomatch from 'picomatch';

/** A matcher for a list of globs: the path or one of its parent directories matches one of them. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((g) => g.replace(/^\.\//, '').replace(/\/+$/, ''));
  // posix: `[!abc]` is a negated set, as in a shell and in .gitignore
  const isMatch = picomatch(patterns, { dot: true, posix: true });
  return (path) => {
    if (isMatch(path)) return true;
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) if (isMatch(path.slice(0, at))) return true;
    return false;
  };
}

/**
 * Which files to keep, from `include` and `exclude`: a path relative to the configuration's directory
 * (`/`-separated, `../…` outside it) → kept. No include list: every file; an exclude match always loses.
 */
export function projectFileFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined): (path: string) => boolean {
  const included = include && include.length > 0 ? globMatcher(include) : () => true;
  const excluded = globMatcher(exclude ?? []);
  return (path) => included(path) && !excluded(path);
}
