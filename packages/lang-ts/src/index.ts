export { extractTs, type ExtractOptions } from './extract.js';
export { parseTs } from './parse.js';
export { TsFixHost, tsFixHost, tsFixLanguage } from './fix/index.js';
