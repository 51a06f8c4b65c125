/**
 * The client's workspace folders: where an unsaved document's configuration is looked for.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';

export class WorkspaceFolders {
  /** Directory paths, in the client's order. */
  private paths: string[] = [];
  private get first(): string | undefined {
    return this.paths[0];
  }

  set(folders: WorkspaceFolder[]): void {
    this.paths = [];
    this.change({ added: folders, removed: [] });
  }

  change(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((f) => filePath(f.uri)));
    const added = event.added.map((f) => filePath(f.uri)).filter((p): p is string => p !== undefined);
    this.paths = [...new Set([...this.paths.filter((p) => !removed.has(p)), ...added])];
  }

  /**
   * Where the configuration search starts for a document: its directory; for an unsaved document
   * (`untitled:`), the first workspace folder.
   */
  configStart(uri: string): string | undefined {
    const path = filePath(uri);
    return path === undefined ? this.first : dirname(path);
  }
}

/** The file system path of a `file:` URI; undefined for other schemes (`untitled:`). */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
