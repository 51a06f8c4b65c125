/** The worker-thread entry tinypool loads: a batch of files per call. */
import { runTask, type FileOutcome, type FileTask } from './task.js';

export default async function processFiles(tasks: FileTask[]): Promise<FileOutcome[]> {
  const out: FileOutcome[] = [];
  for (const task of tasks) out.push(await runTask(task));
  return out;
}
