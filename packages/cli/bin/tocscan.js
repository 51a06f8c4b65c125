#!/usr/bin/env node
import { main } from '../dist/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`tocscan: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
