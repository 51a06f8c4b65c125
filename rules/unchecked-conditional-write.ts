import type { RuleHit, RuleModule } from '@tocscan/core';
import { pairMessageData } from '@tocscan/core';

/** The write re-checks the read's condition, but nobody looks at whether it changed a row. */
export const uncheckedConditionalWrite: RuleModule = {
  id: 'unchecked-conditional-write',
  description: "Require a conditional UPDATE/DELETE's affected-row count to decide what happens next",
  type: 'problem',
  presets: { strict: 'error' },
  fixes: ['conditional'],
  messages: {
    unchecked:
      "{{table}}: the conditional {{writeKind}} at line {{writeLine}}{{writeVia}} re-checks what was read at line {{readLine}}, but its affected-row count is never checked; when another request got there first it changes nothing and the code carries on as if it had. Check the rows it changed (rowCount, affectedRows, changes) and handle 0.",
  },
  check(analysis) {
    const hits: RuleHit[] = [];
    for (const pair of analysis.pairs) {
      // Only where the conditional write is what protects the pair: a lock or SERIALIZABLE already did the job.
      if (pair.protections.length !== 1 || pair.protections[0] !== 'conditional-write' || pair.write.affectedRowsChecked) continue;
      hits.push({ messageId: 'unchecked', data: pairMessageData(pair), pair });
    }
    return hits;
  },
};
