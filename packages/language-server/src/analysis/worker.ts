/**
 * The analysis worker thread: analyses one document, or computes the quick fixes of some of its
 * findings, at a time, so the server's main thread keeps answering requests while a large file is
 * being read.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeText } from './analyze.js';
import { quickFixes } from './fixes.js';
import type { AnalysisResult, QuickFix, WorkerRequest, WorkerResponse } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the tocscan analysis worker must run in a worker thread');

port.on('message', (message: WorkerRequest) => {
  const work: Promise<AnalysisResult | QuickFix[][]> = message.kind === 'analyze' ? analyzeText(message.request) : quickFixes(message.request);
  work.then(
    (result) => port.postMessage({ id: message.id, result } satisfies WorkerResponse),
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResponse),
  );
});
