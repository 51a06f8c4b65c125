/**
 * What the walk of one unit shares with the rest of the file, and the shapes passed between its modules.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { CompiledSettings, Deps, Dialect, Loc, SqlPiece, Unit } from '@tocscan/core';
import type { FunctionNode, Node } from './ast.js';
import type { Env } from './env.js';
import type { UnitNaming } from './units.js';
import type { TxWrapper } from './wrappers.js';

/** Facts about the whole file, shared by the walks of all its units. */
export interface FileContext {
  source: string;
  modules: ReadonlySet<string>;
  dialect?: Dialect;
  /** Simple names of functions/methods defined in the file, plus the caller's extra helper names. */
  helperNames: ReadonlySet<string>;
  classNames: ReadonlySet<string>;
  /** Functions/methods of the file that run one of their parameters inside a transaction. */
  txWrappers: ReadonlyMap<string, TxWrapper>;
  /** Names bound to a connection pool in the file (`const pool = new Pool()`, `this.db = mysql.createPool()`). */
  pools: ReadonlySet<string>;
  /** The project's query wrappers, transaction functions and table prefixes. */
  settings: CompiledSettings;
  enqueue(job: UnitJob): void;
}

/** A unit waiting to be walked: a function, a class static block, or the module itself. */
export interface UnitJob {
  body: FunctionNode | TSESTree.Program | TSESTree.StaticBlock;
  /** Node whose location is the unit's (the method definition for methods). */
  locNode: Node;
  /** Undefined for anonymous closures and for the module. */
  naming?: UnitNaming;
  /** Environment where the function is defined. */
  outer?: Env;
  /** For methods: the class's environment (`this.stmt = db.prepare(…)` set in the constructor). */
  classEnv?: Env;
  className?: string;
  transactionBody?: Unit['transactionBody'];
}

/** How an expression is evaluated. */
export interface EvalOpts {
  /** The name a function value gets from where it is bound. */
  naming?: UnitNaming;
  /** The expression is the SQL argument of a call: an SQL tagged template is that call's text, not a query of its own. */
  sqlArg?: boolean;
  /** The expression is assigned to `module.exports`: an object literal's functions are exported functions. */
  exports?: boolean;
}

/** A query as a recogniser hands it to the recorder: the executing call, its SQL and what flowed in. */
export interface QuerySpec {
  node: Node;
  pieces: SqlPiece[];
  sqlLoc?: Loc;
  api: string;
  driver: string;
  data: Deps;
  /** Sent through a connection pool rather than one connection (see `pools`). */
  pooled?: boolean;
}
