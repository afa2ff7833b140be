import { RPC, type RpcResult } from '@orgo/contracts';
import type { MessageBus } from '@orgo/messaging';

import type { Outcome } from './import-summary';

const RPC_TIMEOUT_MS = 10_000;

interface AuditItem {
  action: string;
  details: Record<string, unknown>;
}

/**
 * Finds what became of an accepted message in the audit trail, which records every message on the
 * bus with the id of the email that caused it (its correlation id): a task event → imported (a new
 * task, or a reply applied to one); `email.rejected` → quarantined with the parser's reason;
 * `email.ignored` → ignored by the rule named. Null while the pipeline has not finished with it.
 * The trail outlives the process, so an import resumed after a crash finds the outcomes it missed.
 */
export async function resolveOutcome(bus: MessageBus, emailId: string): Promise<Outcome | null> {
  const result = await bus.request<RpcResult<{ items: AuditItem[]; total: number }>>(
    RPC.auditList,
    { correlation_id: emailId, limit: 100, offset: 0, scope: null },
    RPC_TIMEOUT_MS,
  );
  if (!result.ok) throw new Error(`The audit log did not answer for email ${emailId}: ${result.error.message}`);
  for (const item of result.value.items) {
    if (item.action === 'email.rejected') return { kind: 'quarantined', reason: String(item.details.reason ?? 'EMAIL.REJECTED') };
    if (item.action === 'email.ignored') return { kind: 'ignored', reason: `rule:${String(item.details.rule ?? '')}` };
    if (item.action.startsWith('task.')) return { kind: 'imported' };
  }
  return null;
}
