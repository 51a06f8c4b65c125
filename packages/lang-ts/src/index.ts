export { extractTs, type ExtractOptions } from './extract.js';
export { parseTs } from './parse.js';
