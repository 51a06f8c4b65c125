/**
 * `tocscan-language-server`: the command line, then an LSP connection on the transport it names.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { parseArgs, USAGE } from './args.js';
import { startSession } from './session.js';
import { serverVersion } from './version.js';

/**
 * Runs the server for `argv` (the arguments after the program name). The transport is opened by
 * vscode-languageserver from `process.argv`, so `argv` must be `process.argv.slice(2)`.
 */
export function startServer(argv: string[]): void {
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return;
    case 'version':
      process.stdout.write(`${serverVersion()}\n`);
      return;
    case 'usage-error':
      process.stderr.write(`${command.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    case 'serve':
      startSession(createConnection(ProposedFeatures.all));
  }
}
