/**
 * When each open document is analysed, and what the latest analysis found.
 *
 * - `schedule(uri, delay)` debounces per document: a new call replaces the pending one (the session
 *   uses 0 for open and save, the debounce delay for changes). The text is the editor's.
 * - Every run gets a generation number; a result is published only if no newer run for the document
 *   started meanwhile and the document is still at the analysed version. A newer version therefore
 *   supersedes an older analysis (waiting ones are dropped by the analyzer, running ones ignored).
 * - Close: pending work dropped, diagnostics cleared.
 */
import type { CancellationToken, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from './analysis/analyzer.js';
import type { AnalysisRequest, AnalysisResult } from './analysis/protocol.js';
import { failureDiagnostic, findingDiagnostic, problemDiagnostic, type DiagnosticSupport } from './diagnostics.js';

export interface DocumentState {
  /** The document version this state describes. */
  version: number;
  /** What was analysed (the text and the config in force), for the quick fixes asked later. */
  request: AnalysisRequest;
  result: AnalysisResult;
  /** `diagnostics[i]` is the diagnostic of `result.findings[i]`; problems follow. */
  diagnostics: Diagnostic[];
}

export interface DocumentAnalysesOptions {
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  /** The analysis request for the document as it is now; undefined when tocscan does not analyse it. */
  prepare: (document: TextDocument) => Promise<AnalysisRequest | undefined>;
  publish: (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;
  support: () => DiagnosticSupport;
}

export class DocumentAnalyses {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  /** Documents with a run under way (its generation). */
  private readonly running = new Map<string, number>();
  private readonly states = new Map<string, DocumentState>();
  /** Documents whose diagnostics the client currently shows (so turning a language off clears them). */
  private readonly published = new Set<string>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly options: DocumentAnalysesOptions) {}

  /** Analyses the document after `delayMs` (0: as soon as possible), replacing any earlier schedule. */
  schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.run(uri), delayMs));
  }

  /** Every open document again (settings or project config changed). */
  scheduleAll(): void {
    for (const document of this.options.documents.all()) this.schedule(document.uri, 0);
  }

  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
    this.running.delete(uri);
    this.states.delete(uri);
    this.options.analyzer.forget(uri);
    this.published.delete(uri);
    this.options.publish(uri, undefined, []);
    this.settled(uri);
  }

  /**
   * The analysis of the document's current version: at once when it is there, else after the
   * pending one finishes (started now if it was waiting for the debounce). Resolves undefined when
   * the document is not analysed, `timeoutMs` passes or `token` is cancelled.
   */
  async current(uri: string, token: CancellationToken, timeoutMs: number): Promise<DocumentState | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const document = this.options.documents.get(uri);
      if (!document || token.isCancellationRequested) return undefined;
      const state = this.states.get(uri);
      if (state?.version === document.version) return state;
      if (this.timers.has(uri)) this.schedule(uri, 0);
      else if (!this.running.has(uri)) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await this.nextSettle(uri, token, left);
    }
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.options.documents.get(uri);
    if (!document) return;
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    this.running.set(uri, generation);
    const { version } = document;
    const isCurrent = () => this.generations.get(uri) === generation && this.options.documents.get(uri)?.version === version;
    try {
      const request = await this.options.prepare(document);
      if (!isCurrent()) return;
      if (!request) {
        this.states.delete(uri);
        if (this.published.delete(uri)) this.options.publish(uri, version, []);
        return;
      }
      let result: AnalysisResult | undefined;
      try {
        result = await this.options.analyzer.analyze(uri, request);
      } catch (error) {
        result = { findings: [], problems: [], failure: error instanceof Error ? error.message : String(error) };
      }
      if (!result || !isCurrent()) return;
      const state = { version, request, result, diagnostics: this.diagnosticsOf(result, document) };
      this.states.set(uri, state);
      this.published.add(uri);
      this.options.publish(uri, version, state.diagnostics);
    } finally {
      if (this.running.get(uri) === generation) this.running.delete(uri);
      this.settled(uri);
    }
  }

  private diagnosticsOf(result: AnalysisResult, document: TextDocument): Diagnostic[] {
    const support = this.options.support();
    return [
      ...result.findings.map((f) => findingDiagnostic(f, document.uri, support)),
      ...result.problems.map((p) => problemDiagnostic(p, document)),
      ...(result.failure ? [failureDiagnostic(result.failure)] : []),
    ];
  }

  private nextSettle(uri: string, token: CancellationToken, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let listeners = this.listeners.get(uri);
      if (!listeners) this.listeners.set(uri, (listeners = new Set()));
      const done = () => {
        clearTimeout(timer);
        cancel.dispose();
        listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const cancel = token.onCancellationRequested(done);
      listeners.add(done);
    });
  }

  private settled(uri: string): void {
    const listeners = this.listeners.get(uri);
    if (!listeners) return;
    this.listeners.delete(uri);
    for (const listener of listeners) listener();
  }
}
