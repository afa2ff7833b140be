import { Injectable } from '@nestjs/common';
import { type AuditOutcomesResultV1, RPC, type TaskEventsResultV1, type TaskSnapshotV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import { RpcClient } from '../common/rpc-client';
import { ChallengeService, type ChallengeView } from './challenge.service';
import { INTAKE_ERRORS } from './intake-errors';
import { type IntakeReceipt, IntakeReceiptsService } from './receipts/intake-receipts.service';
import { type EmailOutcome, type ReportStatusView, reporterView } from './report-status';

/**
 * What became of a web report, for whoever holds its follow-up code: the receipt, then the report's
 * outcome in the audit trail (a task, a quarantine, an ignore), then the task and its timeline
 * from the task-service — reduced to the reporter's view (`reporterView`).
 */
@Injectable()
export class ReportStatusService {
  constructor(
    private readonly receipts: IntakeReceiptsService,
    private readonly challenges: ChallengeService,
    private readonly rpc: RpcClient,
  ) {}

  /** The receipt of a code; 404 for a wrong one (malformed or unknown alike). */
  async receipt(code: string): Promise<IntakeReceipt> {
    const receipt = await this.receipts.find(code);
    if (!receipt) throw new OrgoError(INTAKE_ERRORS.receiptNotFound, 'No report has this follow-up code: check it (16 characters, dashes optional)');
    return receipt;
  }

  async view(code: string): Promise<ReportStatusView & { challenge: ChallengeView }> {
    const receipt = await this.receipt(code);
    const task = await this.taskOf(receipt);
    const outcome = task ? 'received' : await this.outcomeOf(receipt);
    const timeline = task ? (await this.rpc.call<TaskEventsResultV1>(RPC.taskEvents, { id: task.id, scope: [receipt.organization], viewer: null })).items : [];
    return { ...reporterView(receipt.submittedAt, outcome, task, timeline), challenge: this.challenges.issue(ReportStatusService.scope(receipt)) };
  }

  /** The task the report became, or null while (or when) it is none. */
  async taskOf(receipt: IntakeReceipt): Promise<TaskSnapshotV1 | null> {
    const created = await this.rpc.call<{ items: { taskId: string | null }[] }>(RPC.auditList, {
      email_id: receipt.emailId,
      action: 'task.*.created',
      limit: 1,
      offset: 0,
      scope: [receipt.organization],
    });
    const taskId = created.items[0]?.taskId;
    if (!taskId) return null;
    return this.rpc.call<TaskSnapshotV1>(RPC.taskGet, { id: taskId, scope: [receipt.organization], viewer: null });
  }

  /** The challenge scope of a report's follow-ups (bound to the report's email, not to its code). */
  static scope(receipt: IntakeReceipt): string {
    return `follow-up:${receipt.emailId}`;
  }

  private async outcomeOf(receipt: IntakeReceipt): Promise<EmailOutcome> {
    const result = await this.rpc.call<AuditOutcomesResultV1>(RPC.auditOutcomes, { correlationIds: [receipt.emailId] });
    const actions = (result.outcomes[receipt.emailId] ?? []).map((o) => o.action);
    if (actions.includes('email.rejected')) return 'quarantined';
    if (actions.includes('email.ignored')) return 'ignored';
    return 'received';
  }
}
