import { AUDIT_OUTCOMES_MAX, type AuditOutcomesResultV1, RPC, type RpcResult } from '@orgo/contracts';
import type { MessageBus } from '@orgo/messaging';

import type { Outcome } from './import-summary';

const RPC_TIMEOUT_MS = 30_000;

type OutcomeEntry = AuditOutcomesResultV1['outcomes'][string][number];

/**
 * Finds what became of accepted messages in the audit trail, which records every message on the bus
 * with the id of the email that caused it (its correlation id): a task event → imported (a new
 * task, or a reply applied to one); `email.rejected` → quarantined with the parser's reason;
 * `email.ignored` → ignored by the rule named. A message the pipeline has not finished with has no
 * entry in the map. One request per AUDIT_OUTCOMES_MAX messages. The trail outlives the process, so
 * an import resumed after a crash finds the outcomes it missed.
 */
export async function resolveOutcomes(bus: MessageBus, emailIds: string[]): Promise<Map<string, Outcome>> {
  const found = new Map<string, Outcome>();
  for (let i = 0; i < emailIds.length; i += AUDIT_OUTCOMES_MAX) {
    const part = emailIds.slice(i, i + AUDIT_OUTCOMES_MAX);
    const result = await bus.request<RpcResult<AuditOutcomesResultV1>>(RPC.auditOutcomes, { correlationIds: part }, RPC_TIMEOUT_MS);
    if (!result.ok) throw new Error(`The audit log did not answer for ${part.length} imported emails: ${result.error.message}`);
    for (const [emailId, entries] of Object.entries(result.value.outcomes)) {
      const outcome = outcomeOf(entries);
      if (outcome) found.set(emailId, outcome);
    }
  }
  return found;
}

/** The first entry that settles the message, oldest first. */
function outcomeOf(entries: OutcomeEntry[]): Outcome | null {
  for (const entry of entries) {
    if (entry.action === 'email.rejected') return { kind: 'quarantined', reason: entry.reason ?? 'EMAIL.REJECTED' };
    if (entry.action === 'email.ignored') return { kind: 'ignored', reason: `rule:${entry.rule ?? ''}` };
    if (entry.action.startsWith('task.')) return { kind: 'imported' };
  }
  return null;
}
