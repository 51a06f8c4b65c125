/** What both readers (AST and tolerant) extract from a statement's body. */
import type { RelativeSet } from './facts.js';
import type { Predicate } from './conditional.js';

export interface BodyFacts {
  /** Every table, in order of first appearance. */
  tables: string[];
  writeTables: string[];
  /** Tables read and not written. */
  readTables: string[];
  /** Leaf predicates of the statement's WHERE (for INSERT … SELECT: of the SELECT's WHERE). */
  predicates: Predicate[];
  setColumns: string[];
  relativeSets: RelativeSet[];
  conflictTarget?: string[];
}

/** Dedupes and orders: tables first seen first; reads are the tables not written. */
export function finishBody(all: Iterable<string>, writes: Iterable<string>, rest: Omit<BodyFacts, 'tables' | 'writeTables' | 'readTables'>): BodyFacts {
  const writeTables = [...new Set(writes)].filter(Boolean);
  const tables = [...new Set([...writeTables, ...all])].filter(Boolean);
  return { tables, writeTables, readTables: tables.filter((t) => !writeTables.includes(t)), ...rest };
}
