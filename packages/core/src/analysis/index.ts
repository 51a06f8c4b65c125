/**
 * Analysis entry points. `analyzeFiles` pairs reads and writes (helpers resolved across the given files);
 * `findingsFor` (report.ts) runs rules over one file's analysis and builds the findings reporters print.
 */
import type { FileModel, TxEvent, Unit } from '../model.js';
import type { FileAnalysis } from '../rule.js';
import { lockingReadsOutsideTransaction, pairsOf } from './pairs.js';
import { UnitIndex, type UnitRef } from './resolve.js';
import type { LockingReadSite, Step, TxContext } from './types.js';
import { walkUnit, type WalkResult } from './walk.js';

export { findingsFor, fingerprintSql, pairMessageData, shorten, stableUnitName } from './report.js';
export { resolvesInOwnFile } from './resolve.js';

export function analyzeFiles(files: readonly FileModel[]): FileAnalysis[] {
  const index = new UnitIndex(files);
  const serial = { next: 1 };
  const walks = new Map<Unit, { ref: UnitRef; walk: WalkResult }>();
  // Phase 1: every unit on its own; record the transaction open at each helper call.
  const callContexts = new Map<Unit, (TxContext | undefined)[]>();
  for (const file of files) {
    for (const unit of file.units) {
      const ref = { file, unit };
      const walk = walkUnit(ref, { index, serial });
      walks.set(unit, { ref, walk });
      for (const c of walk.calls) {
        let list = callContexts.get(c.callee.unit);
        if (!list) callContexts.set(c.callee.unit, (list = []));
        list.push(c.tx);
      }
    }
  }
  // Phase 2: a helper only ever called inside a transaction runs in one: walk it again in the weakest such context.
  for (const [unit, contexts] of callContexts) {
    if (contexts.some((tx) => !tx)) continue;
    const entryTx = weakest(contexts as TxContext[]);
    const entry = walks.get(unit);
    if (entry) entry.walk = walkUnit(entry.ref, { index, serial, entryTx });
  }

  const byFile = new Map<FileModel, FileAnalysis>();
  for (const file of files) {
    const pooledTransactions = file.units.flatMap((unit) =>
      unit.events.filter((e): e is TxEvent => e.type === 'tx' && !!e.pooled && e.action === 'begin').map((event) => ({ file, unit, event })),
    );
    byFile.set(file, { file: file.path, pairs: [], lockingReads: [], pooledTransactions });
  }
  const lockingSeen = new Set<string>();
  for (const { ref, walk } of walks.values()) {
    byFile.get(ref.file)!.pairs.push(...pairsOf(ref.file, ref.unit, walk));
    // A locking read is reported where its SQL stands, once; a helper's is judged in its callers' contexts.
    if (callContexts.has(ref.unit)) continue;
    for (const step of lockingReadsOutsideTransaction(walk)) {
      const site = lockingSite(step);
      const key = `${site.file.path}:${step.query.loc.offset}`;
      if (lockingSeen.has(key)) continue;
      lockingSeen.add(key);
      byFile.get(site.file)!.lockingReads.push(site);
    }
  }
  return files.map((f) => byFile.get(f)!);
}

function lockingSite(step: Step): LockingReadSite {
  const direct: Step = { ...step, site: step.query.loc, via: [] };
  return { file: step.file, unit: step.unit, step: direct };
}

/** The context that protects least: not serializing, not serializable, no lock. */
function weakest(contexts: TxContext[]): TxContext {
  const score = (t: TxContext) => (t.serializing ? 4 : 0) + (t.isolation === 'serializable' ? 2 : 0) + (t.locked ? 1 : 0);
  return contexts.reduce((a, b) => (score(b) < score(a) ? b : a));
}
