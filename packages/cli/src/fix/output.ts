/** What `--fix` and `--fix-dry-run` print: unified diffs, and a summary of what was fixed and what was not. */
import { diff } from '../lazy.js';
import type { FileFix } from './plan.js';
import type { WriteOutcome } from './write.js';

export function unifiedDiff(f: FileFix): string {
  return diff().createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, f.before, f.after, undefined, undefined, { context: 3 });
}

export function fixSummary(fixes: readonly FileFix[], written: ReadonlyMap<string, WriteOutcome>, dryRun: boolean): string {
  const lines: string[] = [];
  let count = 0;
  for (const f of fixes) {
    const outcome = written.get(f.file);
    const refused = outcome && !outcome.written ? outcome.reason : undefined;
    const verb = refused ? 'not written' : dryRun ? 'would fix' : 'fixed';
    for (const { finding, fix } of f.applied) lines.push(`${f.file}:${finding.loc.line}  ${finding.ruleId}  ${verb} (${fix.id}): ${fix.description}`);
    for (const finding of f.alsoFixed) lines.push(`${f.file}:${finding.loc.line}  ${finding.ruleId}  ${verb} along with the fix above`);
    if (!refused) count += f.applied.length + f.alsoFixed.length;
    if (refused) lines.push(`${f.file}: left untouched: ${refused}`);
    for (const { finding, reason } of f.remaining) lines.push(`${f.file}:${finding.loc.line}  ${finding.ruleId}  not fixed: ${reason}`);
  }
  const files = fixes.filter((f) => f.applied.length && !(written.get(f.file) && !written.get(f.file)!.written)).length;
  const head = `tocscan: ${dryRun ? 'would fix' : 'fixed'} ${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  return `${[head, ...lines.map((l) => `  ${l}`)].join('\n')}\n`;
}
