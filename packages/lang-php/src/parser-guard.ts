/**
 * php-parser 3.7 loops forever on some broken input (both found by the fuzz harness,
 * packages/bench/src/fuzz), and a loop that never ends cannot be interrupted in the thread it runs in:
 *   - in `handleDereferencable`, a `{` token (`T_CURLY_OPEN`) met outside a string after a syntax
 *     error goes to `read_dereferencable`, which handles only `[` and `${` and returns without
 *     consuming it (`<?php í "{$a->b}x", "{$a->b}y",`);
 *   - error recovery that raises the same error again and again without moving on
 *     (`function f() { $m->send(namespace, $id);`).
 * The guard turns both into an exception: the file is reported as unparsable, and every reader of PHP
 * (the CLI, the fixers, the language server) goes on.
 */
import type { Engine } from 'php-parser';

interface ParserInternals {
  token: unknown;
  _errors: unknown[];
  lexer: { offset: number; size: number; yylloc?: { first_line?: number; first_column?: number } };
  read_dereferencable(this: ParserInternals, expr: unknown): unknown;
  raiseError(this: ParserInternals, ...args: unknown[]): unknown;
}

/** More syntax errors than this (per file) means error recovery is going round in circles. */
function errorLimit(size: number): number {
  return 10_000 + Math.floor(size / 5);
}

export class ParserStuckError extends Error {
  override name = 'ParserStuckError';

  constructor(
    readonly lineNumber: number,
    readonly columnNumber: number,
  ) {
    super(`php-parser could not read past line ${lineNumber} (it stopped making progress on the broken code there)`);
  }
}

function stuck(parser: ParserInternals): ParserStuckError {
  return new ParserStuckError(parser.lexer.yylloc?.first_line ?? 1, parser.lexer.yylloc?.first_column ?? 0);
}

export function guardParser(engine: Engine): Engine {
  const parser = (engine as unknown as { parser: ParserInternals }).parser;
  const read = parser.read_dereferencable;
  parser.read_dereferencable = function guarded(this: ParserInternals, expr: unknown) {
    const offset = this.lexer.offset;
    const token = this.token;
    const result = read.call(this, expr);
    if (this.lexer.offset === offset && this.token === token) throw stuck(this);
    return result;
  };
  const raise = parser.raiseError;
  parser.raiseError = function guarded(this: ParserInternals, ...args: unknown[]) {
    const node = raise.apply(this, args);
    if (this._errors.length > errorLimit(this.lexer.size)) throw stuck(this);
    return node;
  };
  return engine;
}
