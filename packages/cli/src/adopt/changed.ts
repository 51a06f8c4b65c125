/**
 * `--changed-since <ref>` and `--staged`: keep the findings whose write, read (or the SQL of a helper
 * they go through) lies on a line added or changed, so a pull request is judged on what it touches.
 *
 * - `--changed-since <ref>`: lines changed from the merge base of `<ref>` and HEAD to the working tree,
 *   plus files git does not track yet (what `git diff <ref>...` and the uncommitted work show);
 * - `--staged`: lines changed in the index (`git diff --cached`), for pre-commit hooks.
 * A file's own problems (parse errors, …) are kept when the file changed at all.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Finding, Loc } from '@tocscan/core';
import { UsageError } from '../discover.js';
import type { Report } from '../report.js';

const run = promisify(execFile);

export type ChangeScope = { since: string } | { staged: true };

/** Absolute path → changed line numbers (1-based), or `all` for a file git does not track yet. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['-c', 'core.quotePath=false', ...args], { cwd, maxBuffer: 256 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new UsageError('git was not found; --changed-since and --staged need it.');
    throw new UsageError(`git ${args.join(' ')} failed: ${(e.stderr ?? String(error)).trim()}`);
  }
}

/** A path as git prints it in a diff header, `"quoted"` when it holds special characters. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      bytes.push(...Buffer.from(body[i]));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Changed lines of a `git diff --unified=0` output; paths resolved against the repository `top`. */
export function parseUnifiedDiff(diff: string, top: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = undefined;
        continue;
      }
      const path = resolve(top, unquote(target).replace(/^b\//, ''));
      current = new Set();
      changed.set(path, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return changed;
}

export async function changedLines(scope: ChangeScope, cwd: string): Promise<ChangedLines> {
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const diffArgs = ['diff', '--unified=0', '--no-color', '--no-ext-diff', '-M'];
  if ('staged' in scope) return parseUnifiedDiff(await git([...diffArgs, '--cached'], top), top);
  const base = (await git(['merge-base', scope.since, 'HEAD'], top)).trim();
  const changed = parseUnifiedDiff(await git([...diffArgs, base], top), top);
  const untracked = (await git(['ls-files', '--others', '--exclude-standard', '-z'], top)).split('\0').filter(Boolean);
  for (const file of untracked) changed.set(resolve(top, file), 'all');
  return changed;
}

function touches(changed: ChangedLines, root: string, file: string, loc: Loc): boolean {
  const lines = changed.get(resolve(root, file));
  if (!lines) return false;
  if (lines === 'all') return true;
  for (let n = loc.line; n <= loc.endLine; n++) if (lines.has(n)) return true;
  return false;
}

function findingTouches(f: Finding, changed: ChangedLines, root: string): boolean {
  const spots = [
    { file: f.file, loc: f.loc },
    f.read && { file: f.read.file, loc: f.read.loc },
    f.write && { file: f.write.file, loc: f.write.loc },
    f.read?.via,
    f.write?.via,
  ];
  return spots.some((s) => s !== undefined && touches(changed, root, s.file, s.loc));
}

/** The report narrowed to what the change touches. */
export function onlyChanged(report: Report, changed: ChangedLines): Report {
  return {
    ...report,
    findings: report.findings.filter((f) => findingTouches(f, changed, report.root)),
    errors: report.errors.filter((e) => changed.has(resolve(report.root, e.file))),
  };
}
