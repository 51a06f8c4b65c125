/**
 * The floor: php-parser and typescript-estree alone, with the options the frontends use, over the
 * corpus files. `--workers 0` parses in this thread; `--workers n` hands batches of files to a pool of
 * n worker threads, as tocscan does.
 *   node floor.js <corpus-dir> [--workers n]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Tinypool from 'tinypool';

/** Files per task, as tocscan's engine batches them (packages/cli/src/pool/engine.ts, BATCH_FILES). */
const BATCH_FILES = 16;
import { parseFile } from './parse-file.js';

const [dir, flag, count] = process.argv.slice(2);
const workers = flag === '--workers' ? Number(count) : 0;
const files = (JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as { files: string[] }).files;

let nodes = 0;
if (workers === 0) {
  for (const f of files) nodes += parseFile(join(dir, f));
} else {
  const pool = new Tinypool({ filename: new URL('./floor-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const batch = files.slice(next, (next += BATCH_FILES)).map((f) => join(dir, f));
      nodes += (await pool.run(batch)) as number;
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  await pool.destroy();
}
process.stdout.write(`${JSON.stringify({ files: files.length, nodes })}\n`);
