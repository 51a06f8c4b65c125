/**
 * The project's baseline as the editor applies it: the file the configuration's `baseline` names
 * (relative to the configuration), so that a finding the CLI hides is not shown either. The file is
 * read again whenever its modification time or size changes (at the next analysis of a document).
 * A malformed entry is reported and left out; a file that cannot be read or is no baseline is reported
 * and hides nothing (the CLI refuses to run with it).
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { baselineEntriesOf, type BaselineEntry } from '@tocscan/core';
import { signatureOf, type ProjectConfig } from './project-config.js';

export class Baselines {
  private readonly cache = new Map<string, { signature: string; entries: BaselineEntry[] }>();

  constructor(private readonly onProblems: (file: string, problems: string[]) => void) {}

  /** The entries for the document at `path`, and the file as they name it; undefined without a baseline. */
  async entriesFor(config: ProjectConfig, path: string): Promise<{ file: string; entries: BaselineEntry[] } | undefined> {
    if (!config.baseline || !config.dir) return undefined;
    const baselinePath = resolve(config.dir, config.baseline);
    const file = relative(dirname(baselinePath), path).split(sep).join('/');
    const entries = (await this.read(baselinePath)).filter((e) => e.file === file);
    return { file, entries };
  }

  /** Forget every file read (the client said files changed). */
  clear(): void {
    this.cache.clear();
  }

  private async read(path: string): Promise<BaselineEntry[]> {
    const signature = (await signatureOf(path)) ?? 'missing';
    const cached = this.cache.get(path);
    if (cached?.signature === signature) return cached.entries;
    let entries: BaselineEntry[] = [];
    let problems: string[];
    try {
      ({ entries, problems } = baselineEntriesOf(JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''))));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems = [code === 'ENOENT' ? 'does not exist; create it with tocscan --generate-baseline' : `cannot be read (${error instanceof Error ? error.message : String(error)})`];
    }
    if (problems.length > 0) this.onProblems(path, problems);
    this.cache.set(path, { signature, entries });
    return entries;
  }
}
