/**
 * The PHP fixtures as seen by this frontend alone (the whole pipeline is tests/fixtures.test.ts):
 * every file parses cleanly unless it is a broken-* file, and every `expect:` annotation points at
 * a line where the frontend emits the event the finding is reported at, carrying the dependence
 * on an earlier read that makes it a pair.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbEvent, Unit } from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import { describe, expect, it } from 'vitest';
import { parseAnnotations } from '../../../tests/support/annotations.js';

const dir = fileURLToPath(new URL('../../../fixtures/php/', import.meta.url));
/** `*.fixed.php` files are the expected output of the fixes (tests/fixes.test.ts), not fixtures. */
const files = readdirSync(dir).filter((f) => f.endsWith('.php') && !f.endsWith('.fixed.php')).sort();
const WRITES = new Set(['insert', 'update', 'delete', 'upsert']);

/** Events reported at `line`: queries and helper calls starting on it. */
function eventsAt(units: Unit[], line: number): { unit: Unit; event: DbEvent }[] {
  return units.flatMap((unit) => unit.events.filter((e) => e.loc.line === line && e.type !== 'tx').map((event) => ({ unit, event })));
}

/** The event depends (guard or data) on an earlier read or helper result in its unit. */
function dependsOnRead(unit: Unit, event: DbEvent): boolean {
  const deps = [...event.guard.events, ...event.data.events];
  return deps.some((id) => {
    const src = unit.events[id];
    return src !== undefined && id < event.id && (src.type === 'call' || (src.type === 'query' && src.sql.kind === 'select'));
  });
}

describe('PHP fixtures through parsePhp', () => {
  it('has at least 40 fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s', (name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const model = parsePhp(text, `fixtures/php/${name}`);
    expect(model.problems.length > 0, 'parse problems only in broken-* files').toBe(name.startsWith('broken'));
    expect(model.problems.filter((p) => p.severity === 'fatal')).toEqual([]);
    for (const note of parseAnnotations(text).filter((n) => n.kind === 'expect')) {
      const at = eventsAt(model.units, note.line);
      const where = `${name}:${note.line} ${note.ruleId}`;
      if (note.ruleId === 'locking-read-outside-transaction') {
        expect(at.some(({ event }) => event.type === 'query' && event.sql.kind === 'select' && event.sql.locking !== null), where).toBe(true);
      } else {
        const writes = at.filter(({ event }) => event.type === 'call' || (event.type === 'query' && WRITES.has(event.sql.kind)));
        expect(writes.length, where).toBeGreaterThan(0);
        expect(writes.some(({ unit, event }) => dependsOnRead(unit, event)), where).toBe(true);
      }
    }
  });
});
