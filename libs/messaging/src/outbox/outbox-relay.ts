import type { Envelope } from '@orgo/contracts';
import { type TransactionRunner, skipLocked } from '@orgo/persistence';
import { In } from 'typeorm';

import type { MessageBus } from '../bus/message-bus';
import { envelopeFromRest } from '../envelope-at-rest';
import { type OutboxEntry, registerOutboxHandOff } from './outbox';
import { OutboxMessageEntity } from './outbox-message.entity';

/** How long confirms are gathered before the rows are marked sent in one statement. */
const MARK_SENT_DELAY_MS = 50;

export interface OutboxRelayOptions {
  /** Rows fetched per pass. */
  batchSize?: number;
  /** A pass runs at least this often even without a kick (catches rows of a crashed run). */
  intervalMs?: number;
  /** How long a claimed row is left to this relay before another one may publish it (its confirm never came). */
  claimMs?: number;
  onError?: (error: Error, row?: { id: string; routingKey: string }) => void;
}

/**
 * Publishes committed outbox rows and marks each sent once the bus confirms it. Kicked after every
 * commit, and on an interval for anything left by an earlier run. Rows are published concurrently;
 * a row already on its way is never published twice by the same relay, and replicas of a service
 * sharing one database never both publish a row: a pass claims its rows for `claimMs` (PostgreSQL:
 * `FOR UPDATE SKIP LOCKED`, so relays claiming at once take disjoint rows). A row whose confirm
 * never came (its relay died) is claimable again when the claim runs out: at least once, never lost.
 *
 * Rows committed by this process's TransactionRunner are handed to the relay directly, claimed as
 * they were inserted: it publishes them at once without reading them back, and a pass only looks for
 * what that path did not cover (rows of a crashed run, a failed publish, a write outside the runner).
 */
export class OutboxRelay {
  private readonly inFlight = new Set<string>();
  private readonly confirmed = new Set<string>();
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running = false;
  private stopped = false;
  private draining: Promise<void> = Promise.resolve();
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly claimMs: number;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly bus: MessageBus,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.intervalMs = options.intervalMs ?? 1000;
    this.claimMs = options.claimMs ?? 30_000;
  }

  /**
   * Starts relaying. Claims left by an earlier run of this service are released first, so rows a
   * killed process had claimed go out at once rather than when their claim runs out (a replica
   * starting beside running ones may then publish a row another has in flight: consumers' inboxes
   * take each message once).
   */
  start(): void {
    this.stopped = false;
    registerOutboxHandOff(this.tx.dataSource, { claimMs: this.claimMs, take: (entries) => this.take(entries) });
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.draining = this.tx
      .run((m) => m.createQueryBuilder().update(OutboxMessageEntity).set({ claimedUntil: null }).where('sent_at IS NULL AND claimed_until IS NOT NULL').execute())
      .then(() => undefined)
      .catch((error: Error) => this.options.onError?.(error))
      .finally(() => this.kick());
  }

  /** Asks for a pass soon; several kicks in a row make one pass. */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running) {
        this.draining = this.draining.then(() => this.pass());
        return;
      }
      this.draining = this.pass();
    });
  }

  /** Number of rows published and not yet confirmed. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Stops new passes and waits, at most `graceMs`, until rows on their way are confirmed. A row still
   * unconfirmed stays unsent in the outbox and is published again at the next start.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    registerOutboxHandOff(this.tx.dataSource, null);
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    const end = Date.now() + graceMs;
    while (this.inFlight.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    try {
      const rows = await this.claim();
      for (const row of rows) this.publish(row, envelopeFromRest(this.tx.dataSource, row.envelope));
      if (rows.length === this.batchSize) this.kick();
    } catch (error) {
      this.options.onError?.(error as Error);
    } finally {
      this.running = false;
    }
  }

  /**
   * Claims the oldest unsent rows no relay holds. A row this relay still has in flight (its claim ran
   * out before the confirm came) is claimed again but not published a second time.
   */
  private async claim(): Promise<OutboxMessageEntity[]> {
    const rows = await this.tx.run(async (m) => {
      const now = new Date();
      const query = m
        .createQueryBuilder(OutboxMessageEntity, 'o')
        .where('o.sentAt IS NULL')
        .andWhere('(o.claimedUntil IS NULL OR o.claimedUntil <= :now)', { now: now.toISOString() })
        .orderBy('o.createdAt', 'ASC')
        .limit(this.batchSize);
      const rows = await skipLocked(query).getMany();
      const claimedUntil = new Date(now.getTime() + this.claimMs).toISOString();
      for (let i = 0; i < rows.length; i += 500) {
        await m.update(OutboxMessageEntity, { id: In(rows.slice(i, i + 500).map((r) => r.id)) }, { claimedUntil });
      }
      return rows;
    });
    return rows.filter((row) => !this.inFlight.has(row.id));
  }

  /** Marks every confirmed row sent in one statement (one transaction for many messages). */
  private flushConfirmed(): Promise<void> {
    // Confirms of the next few milliseconds share the statement (a crash before it only means the
    // rows are published again, and consumers' inboxes drop the copies).
    this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, MARK_SENT_DELAY_MS)).then(async () => {
      const ids = [...this.confirmed];
      this.confirmed.clear();
      this.flushing = undefined;
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await this.tx.run((m) => m.update(OutboxMessageEntity, { id: In(chunk) }, { sentAt: new Date().toISOString() }));
      }
    });
    return this.flushing;
  }

  /** Rows just committed by this process, claimed for this relay: published as they are. */
  private take(entries: OutboxEntry[]): void {
    if (this.stopped) return; // still claimed: released and published at the next start
    for (const { row, envelope } of entries) {
      if (!this.inFlight.has(row.id)) this.publish(row, envelope);
    }
  }

  private publish(row: OutboxMessageEntity, envelope: Envelope): void {
    this.inFlight.add(row.id);
    this.bus
      .publish(envelope)
      .then(() => {
        this.confirmed.add(row.id);
        return this.flushConfirmed();
      })
      .catch(async (error: Error) => {
        this.options.onError?.(error, { id: row.id, routingKey: row.routingKey });
        await this.tx
          .run((m) =>
            m.update(OutboxMessageEntity, { id: row.id }, { attempts: row.attempts + 1, lastError: error.message, claimedUntil: null }),
          )
          .catch(() => undefined);
      })
      .finally(() => this.inFlight.delete(row.id));
  }
}
