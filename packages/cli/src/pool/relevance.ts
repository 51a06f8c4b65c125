/**
 * Which files the analysis needs besides those with SQL signals.
 *
 * Helper calls are resolved by name across the run (packages/core/src/analysis/resolve.ts). A frontend
 * makes a call a helper call only when the file defines the name, so a file without SQL signals can
 * change the analysis in two ways only:
 *   - as a candidate: it defines a name that analysed code calls, where the call does not resolve
 *     within the caller's own file (`resolvesInOwnFile`): more candidates can change the resolution;
 *   - as a caller: it defines and calls a name of an analysed unit that has events (its call may reach
 *     that unit, and a caller outside a transaction changes how the helper is judged).
 * Checking the unparsed files' defined and called names (core/prefilter.ts) against these two sets,
 * until no file is added, gives the same analysis as parsing every file.
 */
import { resolvesInOwnFile, type FileModel } from '@tocscan/core';

export interface RelevantNames {
  /** Names whose definitions elsewhere are candidates for a call of analysed code (lower-cased). */
  candidates: Set<string>;
  /** Names of analysed units with events (lower-cased). */
  targets: Set<string>;
}

export function relevantNames(): RelevantNames {
  return { candidates: new Set(), targets: new Set() };
}

/** A parsed model's relevance names. */
export function relevantNamesOf(model: FileModel): { candidates: string[]; targets: string[] } {
  const candidates = new Set<string>();
  const targets = new Set<string>();
  for (const unit of model.units) {
    if (unit.events.length > 0 && unit.simpleName) targets.add(unit.simpleName.toLowerCase());
    for (const event of unit.events) {
      if (event.type === 'call' && !resolvesInOwnFile(event, { file: model, unit })) candidates.add(event.callee.name.toLowerCase());
    }
  }
  return { candidates: [...candidates], targets: [...targets] };
}

/** Adds a parsed file's names to the run's. */
export function addRelevantNames(names: { candidates: readonly string[]; targets: readonly string[] }, into: RelevantNames): void {
  for (const n of names.candidates) into.candidates.add(n);
  for (const n of names.targets) into.targets.add(n);
}

/**
 * True when a file that defines `defined` and calls `definedAndCalled` (the defined names it also calls;
 * both `\n`-joined, as files' names are kept) can change the analysis.
 */
export function isRelevant(defined: string, definedAndCalled: string, names: RelevantNames): boolean {
  const any = (list: string, set: ReadonlySet<string>) => list !== '' && set.size > 0 && list.split('\n').some((n) => set.has(n));
  return any(defined, names.candidates) || any(definedAndCalled, names.targets);
}
