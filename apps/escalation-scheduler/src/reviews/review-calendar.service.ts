import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { lastCompletedPeriod, periodKindOf } from '@orgo/reviews';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import { LessThan } from 'typeorm';

import { SCHEDULER_SETTINGS, type SchedulerSettings } from '../settings/scheduler-settings';
import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { ReviewRunEntity } from './review-run.entity';
import { ReviewRunnerService } from './review-runner.service';

/**
 * Each organization's reviews on its profile's `review_frequency` (SPEC §6), in its time zone: at
 * start and every `review_check_interval_ms`, the period that ended last is run unless its
 * scheduled run is stored — so a scheduler that was down over a boundary catches up once (the
 * latest period; older missed ones are not replayed), and several replicas run it once (the run's
 * `schedule_key` is unique). A period before the organization's first case is not reviewed (a new
 * installation does not mail empty reports about the time before it existed).
 */
@Injectable()
export class ReviewCalendarService implements OnApplicationBootstrap, OnApplicationShutdown {
  private interval?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly runner: ReviewRunnerService,
    private readonly tx: TransactionRunner,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.checkSoon();
    this.interval = setInterval(() => void this.checkSoon(), this.settings.reviewCheckIntervalMs);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** Starts a look at every organization's calendar unless one is running. */
  checkSoon(): Promise<unknown> {
    if (this.busy) return this.running;
    this.busy = true;
    this.running = this.checkAll()
      .catch((error) =>
        this.logger.error({ err: error }, 'scheduled reviews failed; the next look tries again'),
      )
      .finally(() => (this.busy = false));
    return this.running;
  }

  /** Runs every organization's due review; answers how many runs this look stored. */
  async checkAll(): Promise<number> {
    let ran = 0;
    const now = this.clock();
    for (const organization of this.context.config.organizations) {
      const kind = periodKindOf(organization.parameters.review_frequency);
      const period = lastCompletedPeriod(kind, now, organization.timezone);
      const key = ReviewRunnerService.scheduleKey(organization.slug, kind, period.start);
      const [stored, earlier] = await this.tx.read(async (m) => [
        await m.exists(ReviewRunEntity, { where: { scheduleKey: key } }),
        await m.exists(TrackedTaskEntity, {
          where: { organization: organization.slug, updatedAt: LessThan(period.end) },
        }),
      ]);
      if (stored || !earlier) continue;
      const run = await this.runner.run({
        organization: organization.slug,
        kind,
        at: now,
        trigger: 'schedule',
        actor: 'escalation-scheduler',
      });
      if (run.period_start === period.start) ran++;
    }
    return ran;
  }
}
