/**
 * php-parser setup: parse PHP source with error recovery and turn its errors into ParseProblems.
 */
import type { ParseProblem } from '@tocscan/core';
import { Engine } from 'php-parser';
import type { Program } from './ast.js';
import { guardParser } from './parser-guard.js';

export const DEFAULT_PHP_VERSION = '8.4';

/** One parser per PHP version asked for (the version decides keywords: `fn` before 7.4, `match` before 8.0). */
const engines = new Map<string, Engine>();

function engineFor(version: string): Engine {
  let engine = engines.get(version);
  if (!engine) {
    engine = guardParser(
      new Engine({
        parser: { php7: true, version, suppressErrors: true, extractDoc: false },
        ast: { withPositions: true, withSource: false },
      }),
    );
    engines.set(version, engine);
  }
  return engine;
}

export interface Parsed {
  /** Undefined when the parser threw (then `problems` holds one fatal problem). */
  program?: Program;
  problems: ParseProblem[];
}

export function parseProgram(text: string, path: string, version: string = DEFAULT_PHP_VERSION): Parsed {
  let program: Program;
  try {
    program = engineFor(version).parseCode(text, path) as unknown as Program;
  } catch (err) {
    return { problems: [thrownProblem(err)] };
  }
  const problems: ParseProblem[] = (program.errors ?? []).map((e) => {
    const line = e.loc?.start.line ?? e.line ?? 1;
    const column = e.loc?.start.column ?? 0;
    const offset = e.loc?.start.offset;
    return { severity: 'syntax', line, column, message: describeError(e.message, text, offset) };
  });
  return { program, problems };
}

/**
 * php-parser rejects the valid `clone($this)` (it reads `clone` then a call without a callee):
 * say so, so nobody hunts for a syntax error that is not there.
 */
function describeError(message: string, text: string, offset: number | undefined): string {
  if (offset !== undefined && /\bclone\s*$/i.test(text.slice(Math.max(0, offset - 20), offset))) {
    return `${message} (php-parser does not accept \`clone(...)\` with parentheses although PHP does; the rest of the file was read)`;
  }
  return message;
}

function thrownProblem(err: unknown): ParseProblem {
  const e = err as { message?: unknown; lineNumber?: unknown; columnNumber?: unknown };
  return {
    severity: 'fatal',
    message: typeof e?.message === 'string' ? e.message : String(err),
    line: typeof e?.lineNumber === 'number' ? e.lineNumber : 1,
    column: typeof e?.columnNumber === 'number' ? e.columnNumber : 0,
  };
}
