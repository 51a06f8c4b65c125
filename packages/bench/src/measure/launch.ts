/**
 * Runs a Node.js script as this process and, when the process exits, writes its peak resident set size
 * (worker threads included: they share the process) to a file:
 *   node launch.js <rss-out.json> <script.js> [args...]
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [out, script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
await import(pathToFileURL(script).href);
