export * from './model.js';
export * from './findings.js';
export * from './rule.js';
export * from './sql/index.js';
export * from './analysis/types.js';
export * from './analysis/index.js';
