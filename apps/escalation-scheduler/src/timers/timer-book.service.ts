import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskEventV1, TaskSnapshotV1 } from '@orgo/contracts';
import { isTerminal, type TaskStatus } from '@orgo/domain';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { EscalationTimerEntity } from './escalation-timer.entity';
import { storeNewerVersion } from './timer-rows';
import { WarningTimerEntity } from './warning-timer.entity';

export interface BookOutcome {
  outcome: 'processed' | 'skipped';
  /** The earliest moment a timer this event set is due, so the firing loop can wake by then. */
  wakeAt: string | null;
  /** The task's snapshot when it is newer than any seen before and the task is open (for its time rules). */
  openSnapshot: TaskSnapshotV1 | null;
}

/** A task whose clock runs: open, not on hold, not a broadcast. */
const clockRuns = (task: TaskSnapshotV1) => !isTerminal(task.status as TaskStatus) && task.status !== 'on_hold';

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
    const runs = clockRuns(task);
    const { level, next_due_at: dueAt, warn_at: warnAt } = task.escalation;

    const escalationDue = runs ? dueAt : null;
    const escalation = await storeNewerVersion(manager, EscalationTimerEntity, task.id, task.version, (existing) => ({
      taskId: task.id,
      organization: task.organization,
      taskType: task.type,
      level,
      dueAt: escalationDue,
      status: keptStatus(existing, level, escalationDue, existing?.dueAt ?? null),
      taskVersion: task.version,
      firedAt: existing?.firedAt ?? null,
      updatedAt: now,
    }));
    if (!escalation) return { outcome: 'skipped', wakeAt: null, openSnapshot: null };

    const warningAt = runs && warnAt && (!dueAt || warnAt < dueAt) ? warnAt : null;
    await storeNewerVersion(manager, WarningTimerEntity, task.id, task.version, (existing) => ({
      taskId: task.id,
      organization: task.organization,
      level,
      warnAt: warningAt,
      dueAt: escalationDue,
      status: keptStatus(existing, level, warningAt, existing?.warnAt ?? null),
      taskVersion: task.version,
      firedAt: existing?.firedAt ?? null,
      updatedAt: now,
    }));

    const open = !isTerminal(task.status as TaskStatus);
    await storeNewerVersion(manager, TrackedTaskEntity, task.id, task.version, () => ({
      taskId: task.id,
      organization: task.organization,
      open,
      taskVersion: task.version,
      snapshot: task,
      updatedAt: now,
    }));
    const wakes = [escalationDue, warningAt].filter((t): t is string => t !== null).sort();
    return { outcome: 'processed', wakeAt: wakes[0] ?? null, openSnapshot: open ? task : null };
  }
}

/** `pending` for a moment to come, `cancelled` for none, `fired` kept when the same moment at the same level already fired. */
function keptStatus(existing: { status: string; level: number } | null, level: number, at: string | null, existingAt: string | null): string {
  if (!at) return 'cancelled';
  if (existing?.status === 'fired' && existing.level === level && existingAt === at) return 'fired';
  return 'pending';
}
