/** tocscan's programmatic API: the same scan and reporters the command line uses. */
export { main, type Io } from './main.js';
export { scan, type ScanOptions, type ScanResult } from './scan.js';
export { discover, UsageError, DEFAULT_IGNORES, type Discovery } from './discover.js';
export { readSource, type ReadResult } from './read.js';
export { reporters, FORMAT_NAMES, type FormatName, type Reporter, type ReporterOptions } from './reporters/index.js';
export { toJsonReport, type JsonReport } from './reporters/json.js';
export { toSarif } from './reporters/sarif.js';
export { summarize, exitCodeFor, withoutWarnings, type Report, type Summary, type FileError, type FileErrorKind, type RuleInfo } from './report.js';
export { loadConfig, readConfig } from './config/load.js';
export { CONFIG_FILE_NAMES, findConfigFile } from './config/find.js';
export type { LoadedConfig, TocscanConfig } from './config/types.js';
export { applyBaseline, baselineOf, readBaseline, writeBaseline, type BaselineEntry, type BaselineFile } from './adopt/baseline.js';
