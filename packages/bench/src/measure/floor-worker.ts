/** Worker of the floor's pool: parses a batch of files. */
import { parseFile } from './parse-file.js';

export default function parseBatch(paths: string[]): number {
  let nodes = 0;
  for (const path of paths) nodes += parseFile(path);
  return nodes;
}
