import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskEventV1, TaskSnapshotV1 } from '@orgo/contracts';
import { isTerminal, type TaskStatus } from '@orgo/domain';
import { bufferUntilCommit } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { EscalationTimerEntity } from './escalation-timer.entity';
import { upsertNewerVersion } from './timer-rows';
import { WarningTimerEntity } from './warning-timer.entity';

export interface BookOutcome {
  outcome: 'processed' | 'skipped';
  /** The earliest moment a timer this event set is due, so the firing loop can wake by then. */
  wakeAt: string | null;
  /** The task's snapshot when it is newer than any seen before and the task is open (for its time rules). */
  openSnapshot: TaskSnapshotV1 | null;
}

/**
 * Keeps each task's timers in step with the task: every task event carries the task's snapshot; the
 * newest version decides whether the escalation timer (`next_due_at`) and the warning timer
 * (`warn_at`) are pending, and when, or cancelled (done, on hold, top of the chain, no time).
 * A timer that already fired stays fired while the task still asks for the same moment at the same
 * level (an unrelated event, a comment, must not fire it again). The snapshot is also kept for the
 * organization's time rules.
 */
@Injectable()
export class TimerBookService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async apply(envelope: Envelope, manager: EntityManager): Promise<BookOutcome> {
    const { task } = envelope.payload as TaskEventV1;
    const now = this.clock().toISOString();
    const open = !isTerminal(task.status as TaskStatus);
    // The clock runs while the task is open and not on hold (a broadcast or a topped chain has no due time).
    const runs = open && task.status !== 'on_hold';
    const { level, next_due_at: dueAt, warn_at: warnAt } = task.escalation;
    const common = { task_id: task.id, organization: task.organization, level, task_version: task.version, fired_at: null, updated_at: now };

    // The events of one change (created and routed) carry the same version: the first books it, and
    // the database would refuse the others; within a transaction that is known without asking.
    const booked = bufferUntilCommit(manager, 'timer-book:versions', () => new Map<string, number>(), async () => undefined);
    if (booked && (booked.get(task.id) ?? 0) >= task.version) return { outcome: 'skipped', wakeAt: null, openSnapshot: null };
    const escalationDue = runs ? dueAt : null;
    const stored = await upsertNewerVersion(manager, EscalationTimerEntity, {
      values: { ...common, task_type: task.type, due_at: escalationDue, status: escalationDue ? 'pending' : 'cancelled' },
      status: keptStatus('due_at'),
    });
    // Not stored: the table holds this version or a newer one, which is as good to know.
    booked?.set(task.id, task.version);
    if (!stored) return { outcome: 'skipped', wakeAt: null, openSnapshot: null };

    const warningAt = runs && warnAt && (!dueAt || warnAt < dueAt) ? warnAt : null;
    await upsertNewerVersion(manager, WarningTimerEntity, {
      values: { ...common, warn_at: warningAt, due_at: escalationDue, status: warningAt ? 'pending' : 'cancelled' },
      status: keptStatus('warn_at'),
    });

    await upsertNewerVersion(manager, TrackedTaskEntity, {
      values: { task_id: task.id, organization: task.organization, open, task_version: task.version, snapshot: JSON.stringify(task), updated_at: now },
    });
    const wakes = [escalationDue, warningAt].filter((t): t is string => t !== null).sort();
    return { outcome: 'processed', wakeAt: wakes[0] ?? null, openSnapshot: open ? task : null };
  }
}

/**
 * The stored status of a timer row when a newer version arrives: `cancelled` without a moment,
 * `fired` kept when the timer already fired for the same moment at the same level, else `pending`.
 */
function keptStatus(moment: 'due_at' | 'warn_at'): string {
  return `CASE WHEN excluded."${moment}" IS NULL THEN 'cancelled' WHEN t."status" = 'fired' AND t."level" = excluded."level" AND t."${moment}" = excluded."${moment}" THEN 'fired' ELSE 'pending' END`;
}
