import { readFileSync } from 'node:fs';

/** The package's version, read from packages/language-server/package.json (one level above src/ and dist/). */
export function serverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
