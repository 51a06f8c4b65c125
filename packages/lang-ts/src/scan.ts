/**
 * One pass over the whole file before the walk: the drivers imported (and the dialect they imply),
 * the classes declared, the names of functions and methods (calls to them are helper calls), and the
 * transaction wrappers among them.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { Dialect } from '@tocscan/core';
import { allNodes, asFunction, range, type Node } from './ast.js';
import { dialectOfModule, knexClient, moduleSpecifier, packageName } from './dialect.js';
import { definesFunction, namedValue } from './units.js';
import { poolKindOf } from './pools.js';
import { txWrapperShape, type TxWrapper } from './wrappers.js';

export interface FileScan {
  /** Package names imported or required. */
  modules: Set<string>;
  /** The dialect of the first driver in sight. */
  dialect?: Dialect;
  classNames: Set<string>;
  helperNames: Set<string>;
  txWrappers: Map<string, TxWrapper>;
  /** Names bound to a connection pool: `new Pool(…)` (pg, pg-pool), `createPool(…)` (mysql, mysql2, with `.promise()`), `knex(…)`. */
  pools: Set<string>;
}

export function scanFile(program: TSESTree.Program, source: string): FileScan {
  const modules = new Set<string>();
  let first: { offset: number; dialect: Dialect } | undefined;
  const sawDialect = (n: Node, dialect: Dialect | undefined) => {
    const offset = range(n)[0];
    if (dialect && (!first || offset < first.offset)) first = { offset, dialect };
  };
  const classNames = new Set<string>();
  const named: { name: string; value: Node | null | undefined }[] = [];
  for (const n of allNodes(program)) {
    const spec = moduleSpecifier(n);
    if (spec !== undefined) {
      const pkg = packageName(spec);
      modules.add(pkg);
      sawDialect(n, dialectOfModule(pkg));
    }
    sawDialect(n, knexClient(n));
    if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.id) classNames.add(n.id.name);
    const binding = namedValue(n);
    if (binding) named.push(binding);
  }
  const helperNames = new Set<string>();
  const txWrappers = new Map<string, TxWrapper>();
  const pools = new Set<string>();
  for (const { name, value } of named) if (value && poolKindOf(value)) pools.add(name);
  for (const { name, value } of named) {
    if (!definesFunction(value, modules)) continue;
    helperNames.add(name);
    const fn = asFunction(value);
    const wrapper = fn && txWrapperShape(fn, source);
    if (wrapper) txWrappers.set(name, wrapper);
  }
  return { modules, dialect: first?.dialect, classNames, helperNames, txWrappers, pools };
}
