import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ROUTING_KEYS, type TaskEscalateCommandV1, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';
import { LessThanOrEqual } from 'typeorm';

import { EscalationTimerEntity } from './escalation-timer.entity';

/** Longest sleep between looks at the table (a safety net: arming normally wakes it exactly). */
const MAX_SLEEP_MS = 30_000;
const BATCH = 500;

/**
 * Fires due timers: sleeps until the earliest pending timer (no busy polling), then in one
 * transaction marks the due timers fired and puts an escalation command for each in the outbox.
 * A timer that was due while the process was down fires at start. The task-service skips a command
 * whose level the task has already left, so each escalation happens once.
 */
@Injectable()
export class TimerFiringService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private wakeAt = Number.POSITIVE_INFINITY;
  private firing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.arm(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.firing;
  }

  /** Makes sure the loop wakes by `dueAt` (called when a timer is set). */
  wakeBy(dueAt: string): void {
    const delay = Math.max(0, Date.parse(dueAt) - this.clock().getTime());
    if (this.clock().getTime() + delay < this.wakeAt) this.arm(delay);
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const sleep = Math.min(delay, MAX_SLEEP_MS);
    this.wakeAt = this.clock().getTime() + sleep;
    this.timer = setTimeout(() => {
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.firing = this.firing
        .then(async () => {
          await this.fireDue();
        })
        .catch((error) => this.logger.error({ err: error }, 'firing timers failed'));
    }, sleep);
  }

  /** Fires every due timer; returns how many fired. */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.clock().toISOString();
      const batch = await this.tx.run(async (m) => {
        const due = await m.find(EscalationTimerEntity, {
          where: { status: 'pending', dueAt: LessThanOrEqual(now) },
          order: { dueAt: 'ASC' },
          take: BATCH,
        });
        let claimed = 0;
        for (const timer of due) {
          // Claim the timer: with several scheduler replicas only the one whose update changed the
          // row fires it.
          const result = await m.update(
            EscalationTimerEntity,
            { taskId: timer.taskId, status: 'pending', taskVersion: timer.taskVersion },
            { status: 'fired', firedAt: now, updatedAt: now },
          );
          if (result.affected !== 1) continue;
          claimed++;
          const command: TaskEscalateCommandV1 = {
            taskId: timer.taskId,
            expectedLevel: timer.level,
            reason: 'reactivity_elapsed',
            actor: 'escalation-scheduler',
            dueAt: timer.dueAt,
            timerId: `${timer.taskId}:${timer.level}:${timer.taskVersion}`,
          };
          await addToOutbox(
            m,
            createEnvelope(ROUTING_KEYS.taskEscalate, command, {
              producer: 'escalation-scheduler',
              organizationId: timer.organization,
              correlationId: timer.taskId,
            }),
          );
        }
        return { found: due.length, claimed };
      });
      fired += batch.claimed;
      if (batch.claimed > 0) this.runtime.flushOutbox();
      if (batch.found < BATCH) break;
    }
    if (fired > 0) this.logger.info({ fired }, 'escalation timers fired');
    await this.armForNext();
    return fired;
  }

  private async armForNext(): Promise<void> {
    const next = await this.tx.read((m) =>
      m.findOne(EscalationTimerEntity, { where: { status: 'pending' }, order: { dueAt: 'ASC' }, select: ['dueAt', 'taskId'] }),
    );
    const delay = next?.dueAt ? Math.max(0, Date.parse(next.dueAt) - this.clock().getTime()) : MAX_SLEEP_MS;
    this.arm(delay);
  }
}
