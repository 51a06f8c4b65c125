/**
 * What a fix needs to know about, and do in, the host language. One FixHost per parsed file, built by
 * the frontend packages (lang-ts/src/fix, lang-php/src/fix) from their AST; the planner (plan.ts)
 * stays language-neutral and asks the host for the statement-level parts of a rewrite.
 */
import type { Lang, QueryEvent, Unit } from '../model.js';
import type { FixEdit, Refusal } from './types.js';

/** A string literal (or template, heredoc) whose content holds an offset. */
export interface LiteralSite {
  /** Source range of the whole literal, delimiters included. */
  start: number;
  end: number;
  /** Escapes `text` for insertion into this literal; undefined when it cannot be written there. */
  escape(text: string): string | undefined;
  /** Text that interpolates the expression `source` here (template literals); undefined when the literal cannot. */
  interpolate(source: string): string | undefined;
}

/** A value compared in a guard, as the guard wrote it. */
export type GuardValue =
  | { kind: 'number'; text: string }
  /** `source`: the literal as the guard wrote it (bound as a parameter where inlining needs escapes). */
  | { kind: 'string'; value: string; source: string }
  /** Another column of the same row (`coupon.uses >= coupon.max_uses`). */
  | { kind: 'column'; column: string }
  /** Any other expression that does not depend on the read: bound as a parameter. */
  | { kind: 'expr'; source: string };

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** One operand of a guard's `||` (exit guards) or `&&` (enclosing guards). */
export type GuardTerm =
  /** Tests whether the read found a row: `!row`, `rows.length === 0`, `$row === false`. `found`: the term holds when it did. */
  | { kind: 'presence'; found: boolean }
  /** `row.col <op> value`, normalised so the column is on the left. */
  | { kind: 'compare'; column: string; op: CompareOp; value: GuardValue }
  /** `row.col === null` / `!== null`. */
  | { kind: 'null'; column: string; isNull: boolean }
  /** Anything else (calls, truthiness of a column, arithmetic on the row). */
  | { kind: 'opaque' };

/** Code that leaves the function, as a guard runs it, ready to be repeated after the write. */
export interface ExitPath {
  /** The statements, as source, without the enclosing braces. */
  statements: string[];
  /** The guard wrote them in a block (`{ … }`): the copy does too. */
  block: boolean;
  /** The statements mention the read's result. */
  usesRead: boolean;
}

/** A condition on the read's result that decides whether the write runs. */
export interface Guard {
  /** `exit`: `if (test) <leave>` before the write (the write runs when every term is false). `enclose`: the write sits in the branch taken when every term holds. */
  kind: 'exit' | 'enclose';
  terms: GuardTerm[];
  line: number;
  /** What the code does when the guard stops the write; undefined when it does not leave the function. */
  exit?: ExitPath;
  /** Offset where the code that runs between the guard and the write begins (after an exit guard, or the start of the enclosing branch). */
  bodyStart: number;
  /** Enclosing guard without `else` whose branch ends with the write's statement: nothing in the branch runs after the write. */
  writeLast?: boolean;
}

export interface WrapResult {
  edits: FixEdit[];
  /** The idiom used, for the message: `pool.connect() + BEGIN/COMMIT`, `$pdo->beginTransaction()`. */
  idiom: string;
  /** First and last line (1-based, original text) of the statements now in the transaction. */
  fromLine: number;
  toLine: number;
}

/** The insert-or-update choice `if (!row) INSERT else UPDATE …`, as edits keeping only the insert branch. */
export interface InsertOrUpdate {
  /** Edits that remove everything of the `if` statement but the insert branch's statements (and re-indent them). */
  keepInsert: FixEdit[];
}

export interface FixHost {
  readonly lang: Lang;
  readonly text: string;
  /** The literal whose content contains `offset` (between its delimiters, ends included). */
  literalAt(offset: number): LiteralSite | undefined;
  /**
   * The guards between `read` and `write` that depend on the read's result, outermost/earliest first.
   * Undefined when the code between them is not in a shape the host understands (different blocks,
   * loops, callbacks).
   */
  guards(unit: Unit, read: QueryEvent, write: QueryEvent): Guard[] | undefined;
  /** Names holding the read's result or values computed from it before `write` (`rows`, `product`, `$row`), as written. */
  readNames(unit: Unit, read: QueryEvent, write: QueryEvent): ReadonlySet<string>;
  /** True when the statements from `from` up to the statement holding `write` may have effects (calls, awaits, assignments to fields). */
  effectsBefore(from: number, write: QueryEvent): boolean;
  /**
   * Binds one more value (`source`) to `q`'s parameters, after the others: the edits and the value's
   * 1-based position among them; or, for a tagged template, the interpolation to write into the SQL.
   */
  addParam(q: QueryEvent, source: string): { edits: FixEdit[]; position: number } | { interpolate: string } | Refusal;
  /** Source of the value bound to placeholder `placeholder` (`$2`, or the `n`-th `?`, 0-based) of `q`. */
  paramSource(q: QueryEvent, placeholder: string, n: number): string | undefined;
  /**
   * Edits adding, right after the statement running `write`, a check of its affected-row count that
   * runs `exit` when it is 0. `returning`: the write returns rows (`RETURNING`): test those instead.
   */
  rowsCheck(unit: Unit, write: QueryEvent, exit: ExitPath, returning: boolean): { edits: FixEdit[]; count: string } | Refusal;
  /**
   * Edits running the statements from the one holding `read` to the one holding the last of `writes`
   * in one transaction, in the driver's idiom.
   */
  wrapInTransaction(unit: Unit, read: QueryEvent, writes: readonly QueryEvent[]): WrapResult | Refusal;
  /** The `if` choosing between `insert` (no row) and a relative `update` of the same row. */
  insertOrUpdate(unit: Unit, read: QueryEvent, insert: QueryEvent, update: QueryEvent): InsertOrUpdate | Refusal;
}

export type PlaceholderStyle = 'dollar' | 'question' | 'named' | 'none';
