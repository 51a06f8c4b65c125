/**
 * Command line of `tocscan-language-server`. The transport flags are the ones every LSP client
 * passes (`--stdio`, `--node-ipc`, `--socket=<port>`, `--pipe=<name>`); vscode-languageserver opens
 * the transport they name. Other flags clients add (`--clientProcessId=<pid>`) are left to it.
 */
export type Command = { kind: 'serve' } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string };

export const USAGE = `Usage: tocscan-language-server --stdio

The tocscan language server: check-then-act SQL race diagnostics and quick fixes
for PHP (and TypeScript/JavaScript when the editor turns them on) in any LSP editor.

  --stdio             talk LSP over stdin/stdout (what editors use)
  --node-ipc          talk over Node IPC (VS Code's node transport)
  --socket=<port>     connect to a socket on this port
  --pipe=<name>       connect to a named pipe
  -v, --version       print the version
  -h, --help          print this help

Editor setup: https://github.com/tocscan/tocscan/blob/main/docs/editors.md
`;

function isTransport(arg: string): boolean {
  return ['--stdio', '--node-ipc', '--socket', '--pipe'].includes(arg) || /^--(socket|pipe)=./.test(arg);
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('-h') || argv.includes('--help')) return { kind: 'help' };
  if (argv.includes('-v') || argv.includes('--version')) return { kind: 'version' };
  if (!argv.some(isTransport)) {
    return { kind: 'usage-error', message: 'tocscan-language-server: name a transport, e.g. --stdio (editors start it that way)' };
  }
  return { kind: 'serve' };
}
