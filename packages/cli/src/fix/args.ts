/** `--fix`, `--fix-dry-run`, `--fix-type`: parsing and the combinations that make sense. */
import { InvalidArgumentError } from 'commander';
import { FIX_KINDS, type FixKind } from '@tocscan/core';

/** `--fix-type lock,upsert` (the option may also be repeated). */
export function fixTypesOption(value: string, previous: FixKind[] | undefined): FixKind[] {
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(FIX_KINDS as readonly string[]).includes(k));
  if (bad.length || kinds.length === 0) throw new InvalidArgumentError(`fix types are ${FIX_KINDS.join(', ')} (comma-separated).`);
  return [...new Set([...(previous ?? []), ...(kinds as FixKind[])])];
}

/** The fix mode the flags ask for, or a usage error message. */
export function fixMode(o: { fix?: boolean; fixDryRun?: boolean; fixType?: FixKind[] }): { fix?: 'apply' | 'dry-run'; fixTypes?: FixKind[] } | string {
  if (o.fix && o.fixDryRun) return 'Use either --fix or --fix-dry-run, not both.';
  if (o.fixType && !o.fix && !o.fixDryRun) return '--fix-type needs --fix or --fix-dry-run.';
  const fix = o.fix ? 'apply' : o.fixDryRun ? 'dry-run' : undefined;
  return { ...(fix ? { fix } : {}), ...(o.fixType ? { fixTypes: o.fixType } : {}) };
}
