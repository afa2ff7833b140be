import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskEventV1 } from '@orgo/contracts';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { EscalationTimerEntity } from './escalation-timer.entity';

/**
 * Keeps each task's timer in step with the task: every task event carries the task's snapshot; the
 * newest version decides whether a timer is pending (and when) or cancelled (done, on hold, top).
 */
@Injectable()
export class TimerBookService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** Returns the due time of a pending timer it set, so the firing loop can wake earlier. */
  async apply(envelope: Envelope, manager: EntityManager): Promise<{ outcome: 'processed' | 'skipped'; dueAt: string | null }> {
    const { task } = envelope.payload as TaskEventV1;
    const existing = await manager.findOne(EscalationTimerEntity, { where: { taskId: task.id } });
    if (existing && existing.taskVersion >= task.version) return { outcome: 'skipped', dueAt: null };
    const dueAt = task.escalation.next_due_at;
    const now = this.clock().toISOString();
    const row: EscalationTimerEntity = {
      taskId: task.id,
      organization: task.organization,
      taskType: task.type,
      level: task.escalation.level,
      dueAt,
      status: dueAt ? 'pending' : 'cancelled',
      taskVersion: task.version,
      firedAt: null,
      updatedAt: now,
    };
    if (existing) await manager.update(EscalationTimerEntity, { taskId: task.id }, row);
    else await manager.insert(EscalationTimerEntity, row);
    return { outcome: 'processed', dueAt };
  }
}
