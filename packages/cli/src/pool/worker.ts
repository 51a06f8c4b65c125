/** The worker-thread entry tinypool loads: one file per call. */
import { runTask, type FileOutcome, type FileTask } from './task.js';

export default function processFile(task: FileTask): Promise<FileOutcome> {
  return runTask(task);
}
