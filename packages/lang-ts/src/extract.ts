/**
 * ESTree program → FileModel: the module unit first, then every function, method and closure
 * found while walking (each walked after the scope that defines it, so it sees that scope's SQL
 * constants and prepared statements).
 */
import type { TSESTree } from '@typescript-eslint/types';
import { CompiledSettings, type Dialect, type FileModel, type SourceSettings, type Unit } from '@tocscan/core';
import { Env } from './env.js';
import type { FileContext, UnitJob } from './context.js';
import { UnitWalker } from './events.js';
import { scanFile } from './scan.js';

/** Also the project's query wrappers, transaction functions and table prefixes (SourceSettings). */
export interface ExtractOptions extends SourceSettings {
  /** SQL dialect from configuration; wins over the drivers in sight. */
  dialect?: Dialect;
  /** Function/method names defined in other files whose calls should become CallEvents. */
  helperNames?: ReadonlySet<string>;
}

export function extractTs(program: TSESTree.Program, text: string, path: string, options: ExtractOptions = {}): FileModel {
  const scan = scanFile(program, text);
  const dialect = options.dialect ?? scan.dialect;
  const helperNames = scan.helperNames;
  for (const name of options.helperNames ?? []) helperNames.add(name);
  const queue: UnitJob[] = [];
  const ctx: FileContext = {
    source: text,
    modules: scan.modules,
    dialect,
    helperNames,
    classNames: scan.classNames,
    txWrappers: scan.txWrappers,
    pools: scan.pools,
    settings: new CompiledSettings(options, 'ts'),
    enqueue: (job) => queue.push(job),
  };
  const units: Unit[] = [];
  queue.push({ body: program, locNode: program });
  for (let i = 0; i < queue.length; i++) {
    const job = queue[i];
    const walker = new UnitWalker(ctx, new Env(job.outer), job.classEnv, job.className);
    units.push(walker.run(job));
  }
  const [moduleUnit, ...rest] = units;
  rest.sort((a, b) => a.loc.offset - b.loc.offset);
  const model: FileModel = { path, lang: 'ts', units: [moduleUnit, ...rest], problems: [] };
  if (dialect) model.dialect = dialect;
  return model;
}
