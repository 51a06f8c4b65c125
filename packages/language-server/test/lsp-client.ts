/**
 * A real LSP client for the tests: spawns the built `tocscan-language-server --stdio` and talks to it
 * through vscode-languageserver-protocol (the client side of the same library family editors use).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER_BIN = fileURLToPath(new URL('../bin/tocscan-language-server.js', import.meta.url));
const SERVER_DIST = fileURLToPath(new URL('../dist/server.js', import.meta.url));

/** The server must be built for these tests (`npm test` runs `tsc -b` first). */
export function assertBuilt(): void {
  if (!existsSync(SERVER_DIST) || !existsSync(new URL('../dist/analysis/worker.js', import.meta.url))) {
    throw new Error(`${SERVER_DIST} is missing: build first with \`npx tsc -b\` at the repository root (\`npm test\` does).`);
  }
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
  },
};

export interface StartOptions {
  rootDir: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** The answer to `workspace/configuration` for section `tocscan`; `'never'`: the request is never answered. */
  settings?: (() => unknown) | 'never';
}

type Waiter = { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: Registration[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly documents = new Map<string, TextDocument>();
  initializeResult!: InitializeResult;
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  static async start(options: StartOptions): Promise<TestClient> {
    assertBuilt();
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => client.receive(params));
    connection.onNotification(ShowMessageNotification.type, (params) => client.messages.push(params));
    connection.onNotification(LogMessageNotification.type, (params) => client.logs.push(params.message));
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    const { settings } = options;
    connection.onRequest(ConfigurationRequest.type, (params) =>
      settings === 'never' ? new Promise<never>(() => {}) : params.items.map(() => settings?.() ?? null),
    );
    connection.listen();
    child.once('exit', (code) => {
      if (code !== 0) process.stderr.write(`tocscan-language-server exited with ${code}\n${stderr}`);
    });
    const rootUri = pathUri(options.rootDir);
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'root' }],
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  open(uri: string, languageId: string, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Replaces the whole text (a full-content change, which every server must accept). */
  change(uri: string, text: string): TextDocument {
    const old = this.documents.get(uri)!;
    const document = TextDocument.create(uri, old.languageId, old.version + 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text }],
    });
    return document;
  }

  /** Applies a code action's edit to the client's copy and sends it to the server as an incremental change. */
  apply(action: CodeAction): TextDocument {
    const edits = action.edit?.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? [];
    const uri = (action.edit?.documentChanges?.[0] as { textDocument: { uri: string } }).textDocument.uri;
    const old = this.documents.get(uri)!;
    const text = TextDocument.applyEdits(old, edits);
    const document = TextDocument.create(uri, old.languageId, old.version + 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })).reverse(),
    });
    return document;
  }

  save(uri: string): void {
    void this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  configChanged(uri: string): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
  }

  settingsChanged(settings: unknown = null): void {
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  codeActions(uri: string, range: Range, cancel?: CancellationTokenSource): Promise<(Command | CodeAction)[] | null> {
    return this.connection.sendRequest(
      CodeActionRequest.type,
      { textDocument: { uri }, range, context: { diagnostics: [] } },
      cancel?.token,
    );
  }

  /** The next diagnostics for `uri` that satisfy `test` (including ones already received after `since`). */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0, timeoutMs = 15_000): Promise<PublishDiagnosticsParams> {
    const seen = this.published.slice(since).find((p) => p.uri === uri && test(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const got = this.published.filter((p) => p.uri === uri).map((p) => `v${p.version}: ${p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(' ')}`);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got:\n${got.join('\n')}`));
      }, timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** shutdown + exit, and the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000))]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.process.kill();
      throw new Error('the server did not exit within 5 s of shutdown/exit');
    }
    return code;
  }

  private receive(params: PublishDiagnosticsParams): void {
    this.published.push(params);
    for (const waiter of [...this.waiters]) {
      if (waiter.uri === params.uri && waiter.test(params)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  }
}

export function pathUri(path: string): string {
  return pathToFileURL(path).href;
}
