/** One file parsed the way the frontends parse it (lang-php/src/parse.ts, lang-ts/src/parse.ts); returns the top-level statement count. */
import { readFileSync } from 'node:fs';
import { parse } from '@typescript-eslint/typescript-estree';
import { Engine } from 'php-parser';

const php = new Engine({
  parser: { php7: true, version: '8.4', suppressErrors: true, extractDoc: false },
  ast: { withPositions: true, withSource: false },
});

export function parseFile(path: string): number {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.php')) return (php.parseCode(text, path) as unknown as { children: unknown[] }).children.length;
  return parse(text, { range: true, loc: true, jsx: /\.(tsx|jsx|js|mjs|cjs)$/i.test(path), errorOnUnknownASTType: false, filePath: path }).body.length;
}
