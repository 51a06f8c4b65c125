export * from './model.js';
export * from './findings.js';
export * from './sql/index.js';
