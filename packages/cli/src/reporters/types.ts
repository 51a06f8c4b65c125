import type { Report } from '../report.js';

export interface ReporterOptions {
  /** ANSI colours (stylish only; machine formats never colour). */
  color: boolean;
  /** Terminal width for stylish; default 80. */
  width?: number;
}

/** Renders a whole report to the text written to stdout or --output-file. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
