/** The worker-thread entry of the fuzz harness: one ESLint or fixer check per call. */
import { check, type CheckResult, type CheckTask } from './checks.js';

export default function runCheck(task: CheckTask): CheckResult {
  return check(task);
}
