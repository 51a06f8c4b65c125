/**
 * tocscan-language-server: run it with `tocscan-language-server --stdio` (docs/editors.md), or embed it.
 */
export { startServer } from './server.js';
export { analyzeText } from './analysis/analyze.js';
export type { AnalysisRequest, AnalysisResult, QuickFix } from './analysis/protocol.js';
