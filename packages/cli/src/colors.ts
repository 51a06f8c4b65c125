/** Whether to colour output, and the colour functions. */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/**
 * `--color`/`--no-color` win; then NO_COLOR (any non-empty value) disables, FORCE_COLOR (non-empty,
 * not `0`/`false`) enables; otherwise colour only when writing to a terminal.
 */
export function shouldUseColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY;
}
