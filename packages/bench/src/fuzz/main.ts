/**
 * `npm run fuzz`: the full fuzz run (thousands of cases, every prefix of some fixtures, a 10 MB line).
 * Prints the counts and exits 1 on any crash, hang or fix that breaks the code.
 *   node packages/bench/dist/fuzz/main.js [--quick] [--seed N]
 */
import { failures, FULL, QUICK, runFuzz } from './run.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const options = { ...(args.includes('--quick') ? QUICK : FULL), ...(seedAt >= 0 ? { seed: Number(args[seedAt + 1]) } : {}) };
const report = await runFuzz(options, (line) => console.error(line));
console.log(JSON.stringify(report, null, 2));
const problems = failures(report);
if (problems.length) {
  console.error(`\n${problems.length} failure(s):\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.error(`\nclean: ${report.cases} cases, 0 crashes, 0 hangs, 0 unparseable fixes (${(report.durationMs / 1000).toFixed(1)} s)`);
}
