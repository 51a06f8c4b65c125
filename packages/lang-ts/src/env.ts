/**
 * Variable environments of the data-dependence walk. A unit's environment sees its enclosing
 * scopes (module, class, outer function) only for their static content — SQL text and prepared
 * statements — because dependencies on another unit's events mean nothing inside this one.
 */
import { either, staticPart, type Val } from './taint.js';

export class Env {
  private readonly vars = new Map<string, Val>();
  /** Every `set`, with the value it replaced, so a branch's assignments can be undone and merged. */
  private readonly trail: [string, Val | undefined][] = [];

  /** @param outer the enclosing scope, seen through `staticPart` (it belongs to another unit). */
  constructor(private readonly outer?: Env) {}

  /** Keys are identifiers or static member paths (`this.findStmt`, `order.total`). */
  get(key: string): Val | undefined {
    const own = this.vars.get(key);
    if (own) return own;
    const inherited = this.outer?.get(key);
    return inherited && staticPart(inherited);
  }

  set(key: string, value: Val): void {
    this.trail.push([key, this.vars.get(key)]);
    this.vars.set(key, value);
  }

  /** Position to come back to with `undo`. */
  mark(): number {
    return this.trail.length;
  }

  /** Undoes the assignments made since `mark` and returns the last value each key got. */
  undo(mark: number): Map<string, Val> {
    const last = new Map<string, Val>();
    for (let i = this.trail.length - 1; i >= mark; i--) {
      const [key, previous] = this.trail[i];
      if (!last.has(key)) last.set(key, this.vars.get(key)!);
      if (previous === undefined) this.vars.delete(key);
      else this.vars.set(key, previous);
    }
    this.trail.length = mark;
    return last;
  }

  /**
   * After `if … else …`: each key assigned in a branch holds either branch's value (or the value from
   * before, for a branch that did not assign it). Known SQL text or statements of either branch are kept.
   */
  joinBranches(branches: readonly Map<string, Val>[]): void {
    const keys = new Set(branches.flatMap((b) => [...b.keys()]));
    for (const key of keys) {
      const before = this.vars.get(key);
      const values = branches.map((b) => b.get(key) ?? before).filter((v): v is Val => v !== undefined);
      const merged = either(...values);
      const sql = values.find((v) => v.sql)?.sql;
      const prepared = values.find((v) => v.prepared)?.prepared;
      if (sql) merged.sql = sql;
      if (prepared) merged.prepared = prepared;
      this.set(key, merged);
    }
  }
}
