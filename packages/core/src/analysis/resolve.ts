/**
 * Resolves helper calls (CallEvent) to the unit they run: same class first, then the same file,
 * then a unique definition elsewhere in the project.
 */
import type { CallEvent, FileModel, Unit } from '../model.js';

export interface UnitRef {
  file: FileModel;
  unit: Unit;
}

const SAME_CLASS = new Set(['this', 'self', 'static', '$this']);

export class UnitIndex {
  private readonly byName = new Map<string, UnitRef[]>();

  constructor(files: readonly FileModel[]) {
    for (const file of files) {
      for (const unit of file.units) {
        if (!unit.simpleName) continue;
        const key = unit.simpleName.toLowerCase();
        let list = this.byName.get(key);
        if (!list) this.byName.set(key, (list = []));
        list.push({ file, unit });
      }
    }
  }

  resolve(call: CallEvent, from: UnitRef): UnitRef | undefined {
    const candidates = this.byName.get(call.callee.name.toLowerCase());
    if (!candidates?.length) return undefined;
    const { receiver, className } = call.callee;
    const isMethod = (r: UnitRef) => r.unit.kind === 'method';
    if (className) {
      const cls = className.toLowerCase().replace(/^\\/, '').split('\\').pop();
      const named = candidates.filter((r) => r.unit.className?.toLowerCase() === cls);
      if (named.length) return preferFile(named, from.file);
      if (cls === 'self' || cls === 'static') return sameClass(candidates, from);
      return undefined;
    }
    if (receiver && SAME_CLASS.has(receiver)) return sameClass(candidates, from) ?? preferFile(candidates.filter(isMethod), from.file);
    if (receiver === 'parent') return preferFile(candidates.filter((r) => isMethod(r) && r.unit.className !== from.unit.className), from.file);
    // `this.repo.getById`, `$model->find`, or a namespace import `repo.getById`: a method, else a function.
    if (receiver) return preferFile(candidates.filter(isMethod), from.file) ?? preferFile(candidates, from.file);
    return preferFile(candidates.filter((r) => !isMethod(r)), from.file);
  }
}

/**
 * True when `resolve(call, from)` gives the same answer whatever units other files define: the call
 * resolves within the caller's file (or, for `self::`/`static::`, is looked up there only). The CLI
 * uses it to know which names make other files relevant; keep it in step with `resolve`.
 */
export function resolvesInOwnFile(call: CallEvent, from: UnitRef): boolean {
  const name = call.callee.name.toLowerCase();
  const local = from.file.units.filter((u) => u.simpleName?.toLowerCase() === name);
  const { receiver, className } = call.callee;
  const isMethod = (u: Unit) => u.kind === 'method';
  if (className) {
    const cls = className.toLowerCase().replace(/^\\/, '').split('\\').pop();
    if (cls === 'self' || cls === 'static') return true;
    return local.some((u) => u.className?.toLowerCase() === cls);
  }
  if (receiver && SAME_CLASS.has(receiver)) {
    return local.some((u) => !!from.unit.className && u.className === from.unit.className) || local.some(isMethod);
  }
  if (receiver === 'parent') return local.some((u) => isMethod(u) && u.className !== from.unit.className);
  if (receiver) return local.some(isMethod);
  return local.some((u) => !isMethod(u));
}

function sameClass(candidates: UnitRef[], from: UnitRef): UnitRef | undefined {
  if (!from.unit.className) return undefined;
  return candidates.find((r) => r.file === from.file && r.unit.className === from.unit.className);
}

/** The single candidate in the caller's file, else the single candidate in the project. */
function preferFile(candidates: UnitRef[], file: FileModel): UnitRef | undefined {
  const local = candidates.filter((r) => r.file === file);
  if (local.length >= 1) return local[0];
  return candidates.length === 1 ? candidates[0] : undefined;
}
