import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NotifierSettings } from '@orgo/config';
import { retryDelayMs } from '@orgo/notifications';
import { TransactionRunner, plainSql, skipLocked } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';
import { DataSource, type EntityManager, type EntitySubscriberInterface, In, IsNull, Not, type QueryRunner } from 'typeorm';

import { NOTIFIER_SETTINGS } from '../notifier-settings.provider';
import { NotificationEntity } from '../notifications/notification.entity';
import { ChannelSender, type SendResult } from '../transports/channel-sender';
import { DeliveryError } from '../transports/delivery-error';
import { DigestAssembler } from './digest-assembler';
import { NotificationOutcomes } from './notification-outcomes';

/** Longest sleep between looks at the table (a safety net: inserts and due times normally wake it exactly). */
const MAX_SLEEP_MS = 30_000;
/** Rows claimed (and sent concurrently) at once. */
const BATCH = 64;
/** A claimed row is held this long; a replica that crashed mid-send leaves it to be retried after. */
export const LEASE_MS = 5 * 60_000;

/**
 * Sends queued notifications: claims the due rows (a lease, taken with FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so two notifier replicas never send one row twice and a crashed send is retried once
 * the lease ends), sends each outside any database transaction, then records the outcome in its
 * own transaction with `notification.sent` / `notification.failed` through the outbox. A failed
 * attempt waits for the next retry delay; when they are spent (or the refusal is permanent) the
 * failure is final and raises an alert. Held digests are gathered into one digest notification per
 * recipient and channel. It wakes when a transaction that queued rows commits, else sleeps until the
 * next due row (no busy polling).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly waitingForCommit = new WeakSet<QueryRunner>();

  constructor(
    private readonly tx: TransactionRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly sender: ChannelSender,
    private readonly outcomes: NotificationOutcomes,
    private readonly digests: DigestAssembler,
    @Inject(NOTIFIER_SETTINGS) private readonly settings: NotifierSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
  }

  onApplicationBootstrap(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event) => {
        if (event.queryRunner && this.waitingForCommit.has(event.queryRunner)) {
          this.waitingForCommit.delete(event.queryRunner);
          this.wake();
        }
      },
    };
    this.dataSource.subscribers.push(subscriber);
    this.arm(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Wakes the worker once the transaction of `manager` commits (at once when it is not in one). */
  wakeAfterCommit(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.waitingForCommit.add(runner);
    else this.wake();
  }

  wake(): void {
    this.arm(0);
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    const sleep = Math.max(0, Math.min(delay, MAX_SLEEP_MS));
    if (this.timer && this.clock().getTime() + sleep >= this.wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = this.clock().getTime() + sleep;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.running = this.running.then(() => this.cycle()).catch((error) => {
        this.logger.error({ err: error }, 'notification delivery failed; trying again shortly');
        this.arm(1000);
      });
    }, sleep);
  }

  /** Delivers what is due, then sleeps until the next row is due. */
  private async cycle(): Promise<void> {
    if (this.stopped) return;
    await this.deliverDue();
    await this.armForNext();
  }

  /** Gathers due digests and sends every due notification; returns how many attempts were made. */
  async deliverDue(): Promise<number> {
    await this.digests.assembleDue();
    let attempts = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) break;
      await this.deliver(claimed);
      attempts += claimed.length;
      if (this.stopped) break;
    }
    return attempts;
  }

  private claim(): Promise<NotificationEntity[]> {
    const now = this.clock().toISOString();
    const until = new Date(this.clock().getTime() + LEASE_MS).toISOString();
    return this.tx.run(async (m) => {
      const query = m
        .createQueryBuilder(NotificationEntity, 'n')
        .where('n.status = :queued', { queued: 'queued' })
        .andWhere('n.nextAttemptAt <= :now', { now })
        .andWhere("(n.held IS NULL OR n.held = 'quiet_hours')")
        .andWhere('(n.leaseUntil IS NULL OR n.leaseUntil <= :now)')
        .orderBy('n.nextAttemptAt', 'ASC')
        .limit(BATCH);
      const rows = await skipLocked(query).getMany();
      if (rows.length > 0) await m.update(NotificationEntity, { seq: In(rows.map((r) => r.seq)) }, { leaseUntil: until });
      for (const row of rows) row.leaseUntil = until;
      return rows;
    });
  }

  /**
   * Sends the claimed rows concurrently, each outside any transaction, then records every outcome in
   * one transaction (one read of the rows, an update each, their events in one outbox INSERT).
   */
  private async deliver(claimed: NotificationEntity[]): Promise<void> {
    const attempts = await Promise.all(claimed.map((row) => this.send(row)));
    const recordAll = (batch: typeof attempts) =>
      this.tx.run(async (m) => {
        const current = new Map((await m.find(NotificationEntity, { where: { seq: In(batch.map((a) => a.row.seq)) } })).map((r) => [r.seq, r]));
        const done: NotificationEntity[] = [];
        const sent: NotificationEntity[] = [];
        for (const { row, result, failure } of batch) {
          const final = await this.record(m, current.get(row.seq), row, result, failure, sent);
          if (final) done.push(final);
        }
        await markSent(m, sent);
        return done;
      });
    let finals: NotificationEntity[];
    try {
      finals = await recordAll(attempts);
    } catch (error) {
      // One row that cannot be recorded must not hold back the others: each on its own.
      this.logger.warn({ err: error }, 'recording a batch of delivery outcomes failed; recording them one by one');
      finals = [];
      for (const attempt of attempts) {
        try {
          finals.push(...(await recordAll([attempt])));
        } catch (single) {
          this.logger.error({ err: single, notificationId: attempt.row.id }, 'the outcome of a delivery could not be recorded; the row is retried when its lease ends');
        }
      }
    }
    for (const final of finals) {
      if (final.status === 'failed') this.outcomes.alert(final);
      else this.logger.info({ notificationId: final.id, taskKey: final.taskKey, purpose: final.purpose, channel: final.channel, recipient: final.recipient, attempts: final.attempts }, 'notification sent');
    }
  }

  private async send(row: NotificationEntity): Promise<{ row: NotificationEntity; result: SendResult | null; failure: DeliveryError | null }> {
    try {
      return { row, result: await this.sender.send(row), failure: null };
    } catch (error) {
      return { row, result: null, failure: error instanceof DeliveryError ? error : new DeliveryError((error as Error).message ?? String(error), false) };
    }
  }

  /** Records one attempt on the row as it is now; returns the row when the outcome is final. */
  private async record(
    m: EntityManager,
    current: NotificationEntity | undefined,
    row: NotificationEntity,
    result: SendResult | null,
    failure: DeliveryError | null,
    sent: NotificationEntity[],
  ): Promise<NotificationEntity | null> {
    // Another replica took the row over after our lease ran out: its outcome counts.
    if (!current || current.status !== 'queued' || current.leaseUntil !== row.leaseUntil) return null;
    const now = this.clock();
    current.attempts += 1;
    current.leaseUntil = null;
    if (result) {
      Object.assign(current, { status: 'sent', sentAt: now.toISOString(), nextAttemptAt: null, lastError: null, file: result.file });
    } else {
      const error = failure as DeliveryError;
      current.lastError = error.message;
      const delay = error.permanent && this.settings.failFastOnPermanent ? null : retryDelayMs(current.attempts, this.settings.retryDelaysMs);
      if (delay === null) {
        Object.assign(current, { status: 'failed', nextAttemptAt: null });
      } else {
        current.nextAttemptAt = new Date(now.getTime() + delay).toISOString();
        this.logger.warn(
          { notificationId: current.id, taskKey: current.taskKey, recipient: current.recipient, channel: current.channel, attempts: current.attempts, nextAttemptAt: current.nextAttemptAt, error: error.message },
          `notification ${current.id} attempt ${current.attempts} failed; retrying at ${current.nextAttemptAt}`,
        );
      }
    }
    if (result && current.purpose !== 'digest') {
      sent.push(current); // written with the batch's other sent rows in one statement
    } else {
      const { status, attempts, leaseUntil, sentAt, nextAttemptAt, lastError, file } = current;
      await m.update(NotificationEntity, { seq: current.seq }, { status, attempts, leaseUntil, sentAt, nextAttemptAt, lastError, file });
    }
    if (current.status === 'queued') return null;
    await this.outcomes.emit(m, current);
    if (current.purpose === 'digest') await this.digests.settleItems(m, current);
    return current;
  }

  /** Sleeps until the next queued row is due (or its lease ends). */
  private async armForNext(): Promise<void> {
    const rows = await this.tx.read((m) =>
      m.find(NotificationEntity, {
        where: { status: 'queued', nextAttemptAt: Not(IsNull()) },
        order: { nextAttemptAt: 'ASC' },
        take: 50,
        select: ['seq', 'nextAttemptAt', 'leaseUntil', 'held', 'digestId'],
      }),
    );
    const now = this.clock().getTime();
    let next = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      const due = Date.parse(row.nextAttemptAt as string);
      const lease = row.leaseUntil ? Date.parse(row.leaseUntil) : 0;
      next = Math.min(next, lease > now ? lease : due);
    }
    this.arm(Number.isFinite(next) ? next - now : MAX_SLEEP_MS);
  }
}

/** Records the sent rows of a batch in one UPDATE (each keeps its attempts, sent time and file). */
async function markSent(m: EntityManager, rows: NotificationEntity[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = plainSql(m);
  const params: unknown[] = [];
  const next = () => {
    const at = params.length;
    return sql.list(1, at);
  };
  const caseOf = (value: (row: NotificationEntity) => unknown): string => {
    const whens = rows.map((row) => {
      const when = next();
      params.push(row.seq);
      const then = next();
      params.push(value(row));
      return `WHEN ${when} THEN ${then}`;
    });
    return `CASE seq ${whens.join(' ')} END`;
  };
  const attempts = caseOf((r) => r.attempts);
  const sentAt = caseOf((r) => r.sentAt);
  const file = caseOf((r) => r.file);
  const seqs = rows.map((row) => {
    const mark = next();
    params.push(row.seq);
    return mark;
  });
  await m.query(
    `UPDATE ${sql.table(NotificationEntity)} SET status = 'sent', attempts = CAST(${attempts} AS INTEGER), lease_until = NULL, ` +
      `sent_at = ${sentAt}, next_attempt_at = NULL, last_error = NULL, file = ${file} WHERE seq IN (${seqs.join(', ')})`,
    params,
  );
}
