import { github } from './github.js';
import { htmlReporter } from './html/index.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export type { Reporter, ReporterOptions } from './types.js';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github', 'junit', 'html'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const reporters: Readonly<Record<FormatName, Reporter>> = { stylish, json, sarif, github, junit, html: htmlReporter };
