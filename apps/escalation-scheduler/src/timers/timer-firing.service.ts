import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Envelope,
  ROUTING_KEYS,
  type TaskEscalateCommandV1,
  type TaskWarnCommandV1,
  createEnvelope,
} from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';

import { SCHEDULER_SETTINGS, type SchedulerSettings } from '../settings/scheduler-settings';
import { EscalationTimerEntity } from './escalation-timer.entity';
import { claimDue, earliestPending } from './timer-rows';
import { type TimerKind, timerMetrics, watchOverdueTimers } from './timer.metrics';
import { WarningTimerEntity } from './warning-timer.entity';

/** Timers claimed per transaction (one outbox insert of this many commands). */
const BATCH = 500;
/**
 * A task event's transaction may commit a little after the handler asked for a wake-up: for this
 * long after such a request, the loop looks again at least every `RECHECK_MS` (bounded: only after
 * events, never while idle).
 */
const RECHECK_WINDOW_MS = 2_000;
const RECHECK_MS = 200;
/** A reading of the timer store for `/metrics` that takes longer is given up (the last reading stands). */
const OVERDUE_READ_TIMEOUT_MS = 2_000;

/**
 * Fires due timers without polling: sleeps until the earliest pending timer (at most the safety
 * interval), then claims due escalation and warning timers in batches — each batch one transaction
 * that marks them fired and puts a command for each in the outbox (`command.task.escalate`,
 * `command.task.warn`). PostgreSQL claims with `FOR UPDATE SKIP LOCKED`, so with several replicas
 * each timer fires once. A timer due while the process was down fires at start. The task-service
 * skips a command whose level the task has left, so a late command is harmless. While it runs,
 * `/metrics` reads the age of the oldest overdue timer from the store (`orgo_timers_oldest_overdue_seconds`).
 */
@Injectable()
export class TimerFiringService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private wakeAt = Number.POSITIVE_INFINITY;
  private firing: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private lastWakeRequest = Number.NEGATIVE_INFINITY;
  /** The earliest pending due time of each kind, as the timer store said when last read for `/metrics`. */
  private earliestDue: Record<TimerKind, string | null> = { escalation: null, warning: null };
  private stopWatching?: () => void;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.stopWatching = watchOverdueTimers(() => this.oldestOverdue());
    this.arm(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopWatching?.();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.firing;
  }

  /** Makes sure the loop wakes by `dueAt` (called when a task event set a timer). */
  wakeBy(dueAt: string): void {
    const now = this.clock().getTime();
    this.lastWakeRequest = now;
    const delay = Math.max(0, Date.parse(dueAt) - now);
    if (now + delay < this.wakeAt) this.arm(delay);
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const sleep = Math.min(delay, this.settings.safetyIntervalMs);
    this.wakeAt = this.clock().getTime() + sleep;
    this.timer = setTimeout(() => {
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.firing = this.firing
        .then(() => this.fireDue())
        .catch((error) => {
          this.logger.error({ err: error }, 'firing timers failed; trying again shortly');
          this.arm(1_000);
        });
    }, sleep);
  }

  /** Fires every due timer, then sleeps until the next; returns how many fired. */
  async fireDue(): Promise<{ escalations: number; warnings: number }> {
    const fired = { escalations: 0, warnings: 0 };
    for (;;) {
      const now = this.clock();
      const at = now.toISOString();
      const batch = await this.tx.run(async (m) => {
        const escalations = await claimDue(m, EscalationTimerEntity, 'dueAt', at, BATCH);
        const warnings = await claimDue(m, WarningTimerEntity, 'warnAt', at, BATCH);
        await addToOutbox(m, ...escalations.map(escalateCommand), ...warnings.map(warnCommand));
        return { escalations, warnings };
      });
      if (batch.escalations.length + batch.warnings.length === 0) break;
      this.runtime.flushOutbox();
      fired.escalations += batch.escalations.length;
      fired.warnings += batch.warnings.length;
      for (const t of batch.escalations)
        timerMetrics.lateness.observe({ kind: 'escalation' }, lateness(now, t.dueAt));
      for (const t of batch.warnings)
        timerMetrics.lateness.observe({ kind: 'warning' }, lateness(now, t.warnAt));
      timerMetrics.fired.inc({ kind: 'escalation' }, batch.escalations.length);
      timerMetrics.fired.inc({ kind: 'warning' }, batch.warnings.length);
      if (batch.escalations.length < BATCH && batch.warnings.length < BATCH) break;
    }
    if (fired.escalations + fired.warnings > 0) this.logger.info(fired, 'timers fired');
    await this.armForNext();
    return fired;
  }

  /**
   * Seconds since the oldest pending timer of each kind was due (0 when none is due yet), from one
   * indexed MIN per table. When the store cannot be read (in time), the last reading stands and its
   * age keeps growing: a scheduler that stopped firing shows as timers getting older.
   */
  async oldestOverdue(): Promise<Record<TimerKind, number>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = this.tx.read(async (m) => ({
        escalation: await earliestPending(m, EscalationTimerEntity, 'dueAt'),
        warning: await earliestPending(m, WarningTimerEntity, 'warnAt'),
      }));
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the timer store did not answer in time')),
          OVERDUE_READ_TIMEOUT_MS,
        );
      });
      read.catch(() => undefined);
      this.earliestDue = await Promise.race([read, late]);
    } catch (error) {
      this.logger.debug({ err: error }, 'timer store not read for /metrics; reporting its last reading');
    } finally {
      clearTimeout(timer);
    }
    const now = this.clock().getTime();
    const age = (due: string | null) => (due === null ? 0 : Math.max(0, (now - Date.parse(due)) / 1000));
    return { escalation: age(this.earliestDue.escalation), warning: age(this.earliestDue.warning) };
  }

  private async armForNext(): Promise<void> {
    const next = await this.tx.read(
      async (m) =>
        [
          await earliestPending(m, EscalationTimerEntity, 'dueAt'),
          await earliestPending(m, WarningTimerEntity, 'warnAt'),
        ]
          .filter((t): t is string => t !== null)
          .sort()[0],
    );
    const now = this.clock().getTime();
    let delay = next ? Math.max(0, Date.parse(next) - now) : this.settings.safetyIntervalMs;
    if (now - this.lastWakeRequest < RECHECK_WINDOW_MS) delay = Math.min(delay, RECHECK_MS);
    this.arm(delay);
  }
}

const lateness = (now: Date, due: string | null) =>
  Math.max(0, (now.getTime() - Date.parse(due ?? now.toISOString())) / 1000);

function escalateCommand(timer: EscalationTimerEntity): Envelope {
  const command: TaskEscalateCommandV1 = {
    taskId: timer.taskId,
    expectedLevel: timer.level,
    reason: 'reactivity_elapsed',
    actor: 'escalation-scheduler',
    dueAt: timer.dueAt,
    timerId: `${timer.taskId}:${timer.level}:${timer.taskVersion}`,
  };
  return createEnvelope(ROUTING_KEYS.taskEscalate, command, {
    producer: 'escalation-scheduler',
    organizationId: timer.organization,
    correlationId: timer.taskId,
  });
}

function warnCommand(timer: WarningTimerEntity): Envelope {
  const command: TaskWarnCommandV1 = {
    taskId: timer.taskId,
    expectedLevel: timer.level,
    warnAt: timer.warnAt ?? '',
    dueAt: timer.dueAt,
    actor: 'escalation-scheduler',
    timerId: `${timer.taskId}:${timer.level}:warn:${timer.taskVersion}`,
  };
  return createEnvelope(ROUTING_KEYS.taskWarn, command, {
    producer: 'escalation-scheduler',
    organizationId: timer.organization,
    correlationId: timer.taskId,
  });
}
