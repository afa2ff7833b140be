import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { organizationForAddress } from '@orgo/config';
import { type EmailReceivedV1, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner, insertNew } from '@orgo/persistence';
import { type Clock, CLOCK, KEY_RING, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import { type KeyRing, isSealed, seal, unseal } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { dedupeKeyOf, readMessageId } from './message-identity';
import { RawMessageEntity } from './raw-message.entity';

/** A message about to be stored. */
interface Candidate {
  raw: Buffer;
  address: string;
  dedupeKey: string;
  messageId: string | null;
  source: EmailReceivedV1['source'];
  organization: string | null;
}

export type AcceptOutcome = { status: 'accepted'; id: string } | { status: 'duplicate'; id: string };

/** A candidate waiting for the next batch, with the caller's promise. */
interface Waiting {
  candidate: Candidate;
  resolve: (outcome: AcceptOutcome) => void;
  reject: (error: unknown) => void;
}

/** At most this many messages are stored in one transaction. */
const BATCH = 100;

/**
 * Accepts raw messages: stores the bytes (sealed), drops a message already accepted on the same
 * mailbox (Message-ID, else content hash), and emits `email.received` through the outbox in the
 * same transaction. Messages offered at the same time (the files of a drop-folder scan) are stored
 * together, up to BATCH per transaction; a batch that fails is stored again message by message, so
 * one bad message fails only itself.
 */
@Injectable()
export class RawMessageService {
  private pending: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly tx: TransactionRunner,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEY_RING) private readonly keys: KeyRing,
  ) {}

  /** The stored bytes of a message, unsealed; null for an unknown id. */
  async read(id: string): Promise<Buffer | null> {
    const row = await this.tx.read((m) => m.findOne(RawMessageEntity, { where: { id }, select: ['id', 'raw'] }));
    if (!row) return null;
    return Buffer.from(isSealed(row.raw) ? unseal(this.keys, row.raw) : row.raw, 'base64');
  }

  /**
   * `options.organization` names the organization when the intake knows it (an IMAP mailbox
   * configured for it); otherwise it is the one the address belongs to.
   */
  async accept(raw: Buffer, mailbox: string, source: EmailReceivedV1['source'], options: { organization?: string | null } = {}): Promise<AcceptOutcome> {
    const address = mailbox.trim().toLowerCase();
    const messageId = readMessageId(raw);
    const dedupeKey = dedupeKeyOf(raw, messageId);
    const organization = options.organization ?? organizationForAddress(this.context.config, address)?.slug ?? null;
    const candidate: Candidate = { raw, address, dedupeKey, messageId, source, organization };
    // Its email.received reaches the outbox relay as the transaction commits (no pass needed).
    const outcome = await this.store(candidate);
    this.context.logger.info({ emailId: outcome.id, mailbox: address, messageId, outcome: outcome.status }, 'email accepted');
    return outcome;
  }

  /** Queues the message for the next batch; resolves when its transaction has committed. */
  private store(candidate: Candidate): Promise<AcceptOutcome> {
    return new Promise<AcceptOutcome>((resolve, reject) => {
      this.pending.push({ candidate, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        const outcomes = batch.length > 1 ? await this.tx.run((m) => this.insertAll(m, batch.map((w) => w.candidate))) : null;
        if (outcomes) {
          batch.forEach((w, i) => w.resolve(outcomes[i]));
          continue;
        }
      } catch {
        // Each on its own below.
      }
      for (const waiting of batch) await this.storeOne(waiting.candidate).then(waiting.resolve, waiting.reject);
    }
    this.flushing = false;
  }

  /**
   * Several messages in one transaction, with one INSERT for all of them: a message already stored
   * on its mailbox (the unique index on mailbox and dedupe key) is left out by the insert and
   * reported as a duplicate of the stored one; a message offered twice in the batch is stored once.
   * Two intakes racing on the same message (two gateway replicas on one mailbox) meet at the same
   * index: the loser's insert waits for the winner's commit and reports the winner's id.
   */
  private async insertAll(m: EntityManager, candidates: Candidate[]): Promise<AcceptOutcome[]> {
    const receivedAt = this.clock().toISOString();
    const firsts = new Map<string, { candidate: Candidate; id: string; rawBase64: string }>();
    for (const candidate of candidates) {
      const key = dedupeSlot(candidate);
      if (!firsts.has(key)) firsts.set(key, { candidate, id: randomUUID(), rawBase64: candidate.raw.toString('base64') });
    }
    const rows = [...firsts.values()].map(({ candidate: c, id, rawBase64 }) =>
      m.create(RawMessageEntity, { id, mailbox: c.address, dedupeKey: c.dedupeKey, messageId: c.messageId, source: c.source, organization: c.organization, size: c.raw.length, raw: seal(this.keys, rawBase64), receivedAt }),
    );
    const inserted = await insertNew(m, RawMessageEntity, rows, 'id', ['mailbox', 'dedupeKey']);
    const stored = new Map<string, AcceptOutcome>();
    const envelopes = [];
    for (const [key, { candidate: c, id, rawBase64 }] of firsts) {
      if (inserted.has(id)) {
        stored.set(key, { status: 'accepted', id });
        const payload: EmailReceivedV1 = { emailId: id, mailbox: c.address, messageId: c.messageId, source: c.source, rawBase64, receivedAt };
        envelopes.push(createEnvelope(ROUTING_KEYS.emailReceived, payload, { producer: 'email-gateway', organizationId: c.organization, correlationId: id }));
        continue;
      }
      const winner = await this.existing(m, c);
      if (!winner) throw new Error(`message ${c.messageId ?? c.dedupeKey} on ${c.address} was neither stored nor found stored`);
      stored.set(key, { status: 'duplicate', id: winner.id });
    }
    await addToOutbox(m, ...envelopes);
    const reported = new Set<string>();
    return candidates.map((c) => {
      const key = dedupeSlot(c);
      const outcome = stored.get(key) as AcceptOutcome;
      const first = !reported.has(key) && firsts.get(key)?.candidate === c;
      reported.add(key);
      return first ? outcome : { status: 'duplicate', id: outcome.id };
    });
  }

  /** One message in its own transaction (a batch that failed is stored again this way). */
  private async storeOne(candidate: Candidate): Promise<AcceptOutcome> {
    const [outcome] = await this.tx.run((m) => this.insertAll(m, [candidate]));
    return outcome;
  }

  private existing(m: EntityManager, c: Candidate): Promise<RawMessageEntity | null> {
    return m.findOne(RawMessageEntity, { where: { mailbox: c.address, dedupeKey: c.dedupeKey }, select: ['id'] });
  }
}

/** Where a message is deduplicated: its mailbox and dedupe key (the unique index). */
function dedupeSlot(c: Candidate): string {
  return `${c.address}\u0000${c.dedupeKey}`;
}
