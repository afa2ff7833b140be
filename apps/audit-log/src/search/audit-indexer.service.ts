import { randomUUID } from 'node:crypto';

import { type Client, errors } from '@elastic/elasticsearch';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';

import type { AuditIndexSettings } from '../settings/audit-index-settings';
import { AUDIT_SETTINGS, type AuditSettings } from '../settings/audit-settings';
import { type BulkOutcome, bulkIndex, deleteThrough, requestFailureReason } from './audit-index-bulk';
import { AUDIT_INDEX_CLIENT } from './audit-index-client';
import { AUDIT_INDEX_MAPPINGS, type IndexableEntry } from './audit-index-document';
import { auditIndexMetrics } from './audit-index-metrics';
import type { AuditIndexMarkEntity } from './audit-index-mark.entity';
import {
  chainHeads,
  dropRetries,
  dueRetries,
  entriesAfter,
  erasedAfter,
  indexMarks,
  readMarks,
  recordOutcome,
  releaseLease,
  retryCounts,
  retryDelayMs,
  saveMark,
  takeLease,
} from './audit-index.repository';

/** What one pass did. */
export interface IndexPass {
  /** False when another replica holds the lease (this one did nothing). */
  leased: boolean;
  acknowledged: number;
  refused: number;
  /** Chains whose deleted entries were removed from the index. */
  deletions: number;
  /** A chain had a full batch: the next pass runs at once. */
  more: boolean;
}

/**
 * Feeds the optional Elasticsearch index from the trail (apps/audit-log/README.md): each chain's
 * entries after its mark, in trail order, one bulk request per chain and pass, each document under
 * its entry id. The mark moves past what Elasticsearch acknowledged and what it refused — a refused
 * entry waits in `audit_index_retries` and is sent again, as it then stands, until acknowledged.
 * A request Elasticsearch does not answer moves nothing and is tried again after a growing wait.
 * Retention's deletions and erasures reach the index too. The appends never wait for any of it.
 */
@Injectable()
export class AuditIndexerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly owner = randomUUID();
  private readonly settings: AuditIndexSettings;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private ready = false;
  private failures = 0;

  constructor(
    private readonly tx: TransactionRunner,
    @Inject(AUDIT_INDEX_CLIENT) private readonly client: Client,
    @Inject(AUDIT_SETTINGS) settings: AuditSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (!settings.index) throw new Error('AuditIndexerService needs the elasticsearch_* settings');
    this.settings = settings.index;
  }

  /** Held this long, renewed before each write to the index; long enough for a pass of timed-out requests. */
  private get leaseMs(): number {
    return Math.max(600_000, 10 * this.settings.intervalMs);
  }

  onApplicationBootstrap(): void {
    this.logger.info(
      { url: this.settings.url, index: this.settings.index },
      'audit index: feeding Elasticsearch',
    );
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Closing the client first ends a request in flight at once instead of at its timeout.
    await this.client.close().catch(() => undefined);
    await this.running;
    await this.tx.run((m) => releaseLease(m, this.owner)).catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then(
        (pass) => this.schedule(pass.more ? 0 : this.settings.intervalMs),
        () => this.schedule(retryDelayMs(this.failures, this.settings.intervalMs)),
      );
    }, ms);
    this.timer.unref();
  }

  /**
   * One pass: new entries, retention's deletions and erasures, due retries, then the lag. Throws
   * (after counting and logging it) when Elasticsearch did not answer; what was done stays done.
   */
  async runOnce(): Promise<IndexPass> {
    const pass: IndexPass = { leased: true, acknowledged: 0, refused: 0, deletions: 0, more: false };
    try {
      if (!(await this.hold())) {
        // The replica that holds the lease reports the lag; this one reports none.
        auditIndexMetrics.lag.reset();
        return { ...pass, leased: false };
      }
      if (!this.ready) await this.ensureIndex();
      const now = this.clock();
      const heads = await this.tx.read((m) => chainHeads(m));
      const marks = await this.tx.run((m) => indexMarks(m, [...heads.keys()], now));
      for (const mark of marks.values()) await this.indexNew(mark, pass);
      for (const mark of marks.values())
        await this.applyDeletions(mark, heads.get(mark.category)?.anchorSeq ?? 0, pass);
      for (const mark of marks.values()) await this.applyErasures(mark, pass);
      await this.retryDue(pass);
      await this.measureLag();
      if (this.failures > 0)
        this.logger.info(
          { index: this.settings.index, failures: this.failures },
          'audit index: Elasticsearch answers again',
        );
      this.failures = 0;
      return pass;
    } catch (error) {
      this.failures++;
      const reason = requestFailureReason(error);
      auditIndexMetrics.failures.inc({ kind: 'request', reason });
      this.logger.warn(
        {
          reason,
          attempt: this.failures,
          retryInMs: retryDelayMs(this.failures, this.settings.intervalMs),
          index: this.settings.index,
          // Not Elasticsearch's (its messages may quote a document): the database's, say.
          ...(error instanceof errors.ElasticsearchClientError
            ? {}
            : { err: { type: (error as Error)?.name, message: (error as Error)?.message } }),
        },
        'audit index: the pass did not get through; nothing is lost, the indexer tries again',
      );
      await this.measureLag().catch(() => undefined);
      throw error;
    }
  }

  /** Takes or renews the lease; a replica that lost it stops writing to the index. */
  private hold(): Promise<boolean> {
    return this.tx.run((m) => takeLease(m, this.owner, this.clock(), this.leaseMs));
  }

  private async holdOrStop(): Promise<void> {
    if (!(await this.hold())) throw new Error('audit index: another replica took the lease');
  }

  /** The index template, the index and its mapping; each call idempotent. */
  private async ensureIndex(): Promise<void> {
    const { index } = this.settings;
    const mappings = AUDIT_INDEX_MAPPINGS as unknown as Record<string, unknown>;
    await this.client.indices.putIndexTemplate({
      name: index,
      index_patterns: [index, `${index}-*`],
      priority: 200,
      template: { mappings },
      _meta: { description: 'Orgo audit trail (apps/audit-log/README.md)' },
    });
    if (!(await this.client.indices.exists({ index }))) {
      await this.client.indices.create({ index }).catch((error: { body?: { error?: { type?: string } } }) => {
        if (error?.body?.error?.type !== 'resource_already_exists_exception') throw error;
      });
    } else {
      // New fields of a newer Orgo reach an index created by an older one.
      await this.client.indices.putMapping({ index, ...mappings });
    }
    this.ready = true;
  }

  /** Sends entries, counts and logs what was refused, and records the outcome with the mark in one transaction. */
  private async send(
    entries: IndexableEntry[],
    pass: IndexPass,
    mark?: AuditIndexMarkEntity,
  ): Promise<BulkOutcome> {
    await this.holdOrStop();
    const outcome = await bulkIndex(this.client, this.settings.index, entries);
    const now = this.clock();
    await this.tx.run(async (m) => {
      await recordOutcome(m, entries, outcome, now, this.settings.intervalMs);
      if (mark) await saveMark(m, mark, now);
    });
    for (const entry of entries) {
      if (outcome.acknowledged.has(entry.id)) auditIndexMetrics.indexed.inc({ category: entry.category });
      const reason = outcome.refused.get(entry.id);
      if (reason === undefined) continue;
      auditIndexMetrics.failures.inc({ kind: 'item', reason });
      this.logger.warn(
        { entryId: entry.id, category: entry.category, seq: entry.seq, reason },
        'audit index: Elasticsearch refused an entry; it is sent again later',
      );
    }
    pass.acknowledged += outcome.acknowledged.size;
    pass.refused += outcome.refused.size;
    return outcome;
  }

  private async indexNew(mark: AuditIndexMarkEntity, pass: IndexPass): Promise<void> {
    const entries = await this.tx.read((m) =>
      entriesAfter(m, mark.category, mark.indexedSeq, this.settings.batchSize),
    );
    if (entries.length === 0) return;
    const next = { ...mark, indexedSeq: entries[entries.length - 1].seq };
    await this.send(entries, pass, next);
    mark.indexedSeq = next.indexedSeq;
    if (entries.length === this.settings.batchSize) pass.more = true;
  }

  /** Retention deleted the chain's oldest entries up to its anchor: their documents go too. */
  private async applyDeletions(
    mark: AuditIndexMarkEntity,
    anchorSeq: number,
    pass: IndexPass,
  ): Promise<void> {
    if (anchorSeq <= mark.deletedThrough) return;
    await this.holdOrStop();
    // Documents indexed a moment ago are not searchable until a refresh; delete-by-query would miss them.
    await this.client.indices.refresh({ index: this.settings.index });
    await deleteThrough(this.client, this.settings.index, mark.category, anchorSeq);
    const now = this.clock();
    await this.tx.run(async (m) => {
      await dropRetries(m, { category: mark.category, throughSeq: anchorSeq });
      await saveMark(m, { ...mark, deletedThrough: anchorSeq }, now);
    });
    mark.deletedThrough = anchorSeq;
    pass.deletions++;
  }

  /** Entries retention erased since the cursor: their documents are replaced by the erased entry (links kept, content gone). */
  private async applyErasures(mark: AuditIndexMarkEntity, pass: IndexPass): Promise<void> {
    const entries = await this.tx.read((m) => erasedAfter(m, mark, this.settings.batchSize));
    if (entries.length === 0) return;
    const last = entries[entries.length - 1];
    const next = { ...mark, erasedAt: last.erasedAt, erasedSeq: last.seq };
    await this.send(entries, pass, next);
    Object.assign(mark, { erasedAt: next.erasedAt, erasedSeq: next.erasedSeq });
    if (entries.length === this.settings.batchSize) pass.more = true;
  }

  private async retryDue(pass: IndexPass): Promise<void> {
    const { retries, entries } = await this.tx.read((m) =>
      dueRetries(m, this.clock(), this.settings.batchSize),
    );
    const found = new Set(entries.map((e) => e.id));
    const gone = retries.filter((r) => !found.has(r.entryId)).map((r) => r.entryId);
    if (gone.length) await this.tx.run((m) => dropRetries(m, { entryIds: gone }));
    if (entries.length) await this.send(entries, pass);
    if (retries.length === this.settings.batchSize) pass.more = true;
  }

  /** Entries not in the index yet, per chain: after the mark (and after what retention deleted), plus the retries. */
  private async measureLag(): Promise<void> {
    const { heads, marks, retries } = await this.tx.read(async (m) => ({
      heads: await chainHeads(m),
      marks: await readMarks(m),
      retries: await retryCounts(m),
    }));
    for (const [category, head] of heads) {
      const behind = Math.max(0, head.seq - Math.max(marks.get(category)?.indexedSeq ?? 0, head.anchorSeq));
      auditIndexMetrics.lag.set({ category }, behind + (retries.get(category) ?? 0));
    }
  }
}
