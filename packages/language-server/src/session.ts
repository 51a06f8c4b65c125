/**
 * The server's handlers: document sync, diagnostics, code actions, settings, the project config and
 * workspace folders, wired to one connection.
 */
import type { Lang } from '@tocscan/core';
import { rules } from '@tocscan/rules';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analysis/analyzer.js';
import type { AnalysisRequest, QuickFix } from './analysis/protocol.js';
import { codeActionsFor, findingsAt, wantsQuickFixes, type EditSupport } from './code-actions.js';
import type { DiagnosticSupport } from './diagnostics.js';
import { DocumentAnalyses, type DocumentState } from './document-analyses.js';
import { frontendLang, languageOf } from './languages.js';
import { Baselines } from './baselines.js';
import { CONFIG_FILE_NAMES, covers, ProjectConfigs } from './project-config.js';
import { defaultSettings, readSettings, type Settings } from './settings.js';
import { serverVersion } from './version.js';
import { filePath, WorkspaceFolders } from './workspace-folders.js';

export interface SessionOptions {
  /** Quiet time after the last change before a document is analysed. */
  debounceMs: number;
  /** How long a code action request waits for the analysis of the current text. */
  codeActionWaitMs: number;
  /** How long analyses wait for the client's answer to `workspace/configuration`. */
  settingsWaitMs: number;
  /** One analysis longer than this stops the worker (the document gets a diagnostic saying so). */
  analysisTimeoutMs: number;
  /** Heap limit of the analysis worker. */
  workerHeapMb: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  debounceMs: 200,
  codeActionWaitMs: 5_000,
  settingsWaitMs: 3_000,
  analysisTimeoutMs: 30_000,
  workerHeapMb: 2_048,
};

const SETTINGS_SECTION = 'tocscan';

export function startSession(connection: Connection, options: SessionOptions = DEFAULT_SESSION_OPTIONS): void {
  const documents = new TextDocuments(TextDocument);
  const folders = new WorkspaceFolders();
  const log = (message: string) => connection.console.log(message);
  const logFailure = (error: unknown) => log(`tocscan: ${error instanceof Error ? error.message : String(error)}`);
  // An editor's server outlives any one failed promise: log it and keep serving.
  process.on('unhandledRejection', logFailure);
  const warnAbout = (file: string, problems: string[]) => {
    const message = `tocscan: ${file}: ${problems.join('; ')}`;
    connection.console.warn(message);
    // A notification, not window/showMessageRequest: nothing to answer, nothing to wait for.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(logFailure);
  };
  const configs = new ProjectConfigs(
    rules.map((r) => r.id),
    warnAbout,
  );
  const baselines = new Baselines(warnAbout);
  const workerOptions = { timeoutMs: options.analysisTimeoutMs, maxHeapMb: options.workerHeapMb, log };
  // Two workers: analyses in one, the quick fixes someone waits for in the other, so a light bulb in a
  // small file never waits behind the analysis of a large one.
  const analyzer = new Analyzer(workerOptions);
  const fixer = new Analyzer(workerOptions);

  let capabilities: ClientCapabilities = {};
  let settings: Settings = defaultSettings();
  /** Resolves once the client's settings were asked for (analyses wait for it, so they start with the right languages). */
  let settingsReady: Promise<void> = Promise.resolve();

  const diagnosticSupport = (): DiagnosticSupport => ({
    relatedInformation: capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
    codeDescription: capabilities.textDocument?.publishDiagnostics?.codeDescriptionSupport === true,
  });
  const editSupport = (): EditSupport => ({ documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true });

  const langOf = (document: TextDocument): Lang | undefined => {
    const language = languageOf(document.uri, document.languageId);
    return language && settings.languages.has(language) ? frontendLang(language) : undefined;
  };

  const prepare = async (document: TextDocument): Promise<AnalysisRequest | undefined> => {
    await settingsReady;
    const lang = langOf(document);
    if (!lang) return undefined;
    const config = await configs.configFor(folders.configStart(document.uri));
    const path = filePath(document.uri);
    // A file the configuration's include/exclude leave out: no diagnostics, as the CLI reports none.
    if (path !== undefined && !covers(config, path)) return undefined;
    const baseline = path === undefined ? undefined : await baselines.entriesFor(config, path);
    return {
      ...(baseline ? { baseline } : {}),
      text: document.getText(),
      path: path ?? document.uri,
      lang,
      preset: config.preset,
      dialect: config.dialect,
      rules: config.rules,
      source: config.source,
      phpVersion: config.phpVersion,
    };
  };

  const analyses = new DocumentAnalyses({
    documents,
    analyzer,
    prepare,
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }).catch(logFailure),
    support: diagnosticSupport,
  });

  const applySettings = (raw: unknown) => {
    const read = readSettings(raw);
    for (const problem of read.problems) connection.console.warn(problem);
    if (read.settings) settings = read.settings;
  };

  /** Asks the client for the `tocscan` section; a client that never answers delays analyses by `settingsWaitMs` at most. */
  const pullSettings = async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.settingsWaitMs} ms`)), options.settingsWaitMs);
    });
    try {
      const [raw] = (await Promise.race([connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }]), late])) as unknown[];
      applySettings(raw);
    } catch (error) {
      connection.console.warn(`tocscan: could not read the client's settings: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    folders.set(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    applySettings(params.initializationOptions);
    // Both workers load the parsers now, not when the first file opens or the first light bulb is asked for.
    analyzer.warmUp();
    fixer.warmUp();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'tocscan-language-server', version: serverVersion() },
    };
  });

  connection.onInitialized(() => {
    const workspace = capabilities.workspace;
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}` })) })
        .catch(logFailure);
    }
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(logFailure);
    }
    if (workspace?.configuration) settingsReady = pullSettings();
    if (workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        folders.change(event);
        analyses.scheduleAll();
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    const pushed = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (pushed !== undefined) applySettings(pushed);
    else if (capabilities.workspace?.configuration) settingsReady = pullSettings();
    analyses.scheduleAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((change) => CONFIG_FILE_NAMES.some((name) => change.uri.endsWith(`/${name}`)))) return;
    configs.clear();
    baselines.clear();
    analyses.scheduleAll();
  });

  /** Opened documents are analysed at once, changed ones after the debounce. */
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    const { uri } = event.document;
    analyses.schedule(uri, justOpened.delete(uri) ? 0 : options.debounceMs);
  });
  documents.onDidSave((event) => analyses.schedule(event.document.uri, 0));
  documents.onDidClose((event) => {
    justOpened.delete(event.document.uri);
    analyses.close(event.document.uri);
  });

  /** The verified quick fixes of some findings, computed in the worker; dropped if the client cancels first. */
  const quickFixes = async (uri: string, state: DocumentState, indexes: number[], token: CancellationToken) => {
    const key = `fix:${uri}`;
    const cancel = token.onCancellationRequested(() => fixer.forget(key));
    try {
      const fixes = await fixer.fixes(key, { ...state.request, findings: indexes.map((i) => state.result.findings[i]) });
      return new Map(indexes.map((findingIndex, i) => [findingIndex, fixes?.[i] ?? []]));
    } catch (error) {
      logFailure(error);
      return new Map<number, QuickFix[]>();
    } finally {
      cancel.dispose();
    }
  };

  connection.onCodeAction(async (params, token) => {
    const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'code action request cancelled');
    const document = documents.get(params.textDocument.uri);
    const lang = document && langOf(document);
    if (!document || !lang || !wantsQuickFixes(params)) return [];
    const state = await analyses.current(document.uri, token, options.codeActionWaitMs);
    if (token.isCancellationRequested) throw cancelled();
    if (!state || documents.get(document.uri)?.version !== state.version) return [];
    const indexes = findingsAt(state, params.range);
    if (indexes.length === 0) return [];
    const fixes = await quickFixes(document.uri, state, indexes, token);
    if (token.isCancellationRequested) throw cancelled();
    const latest = documents.get(document.uri);
    if (!latest || latest.version !== state.version) return [];
    return codeActionsFor(latest, lang, state, indexes, fixes, editSupport());
  });

  connection.onShutdown(async () => {
    await Promise.all([analyzer.dispose(), fixer.dispose()]);
  });

  documents.listen(connection);
  connection.listen();
}
