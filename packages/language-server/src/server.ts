/** Placeholder until the language server lands. */
export function startServer(_argv: string[]): void {
  process.stderr.write('tocscan-language-server: not implemented yet\n');
  process.exitCode = 2;
}
