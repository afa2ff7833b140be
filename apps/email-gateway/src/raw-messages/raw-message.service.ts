import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { organizationForAddress } from '@orgo/config';
import { type EmailReceivedV1, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner, isUniqueViolation } from '@orgo/persistence';
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

  /** Several messages in one transaction; a message offered twice in the batch is stored once. */
  private async insertAll(m: EntityManager, candidates: Candidate[]): Promise<AcceptOutcome[]> {
    const seen = new Map<string, AcceptOutcome>();
    const outcomes: AcceptOutcome[] = [];
    for (const candidate of candidates) {
      const key = `${candidate.address}\u0000${candidate.dedupeKey}`;
      const earlier = seen.get(key);
      const outcome = earlier ? { status: 'duplicate' as const, id: earlier.id } : await this.insert(m, candidate);
      seen.set(key, outcome);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /**
   * Stores one message and its `email.received` in one transaction. Two intakes racing on the same
   * message (two gateway replicas on one mailbox) meet at the unique index: the loser reports the
   * winner's id as a duplicate.
   */
  private async storeOne(candidate: Candidate): Promise<AcceptOutcome> {
    try {
      return await this.tx.run((m) => this.insert(m, candidate));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.tx.read((m) => this.existing(m, candidate));
      if (!winner) throw error;
      return { status: 'duplicate', id: winner.id };
    }
  }

  private existing(m: EntityManager, c: Candidate): Promise<RawMessageEntity | null> {
    return m.findOne(RawMessageEntity, { where: { mailbox: c.address, dedupeKey: c.dedupeKey }, select: ['id'] });
  }

  private async insert(m: EntityManager, c: Candidate): Promise<AcceptOutcome> {
    const found = await this.existing(m, c);
    if (found) return { status: 'duplicate', id: found.id };
    const { raw, address, dedupeKey, messageId, source, organization } = c;
    const id = randomUUID();
    const receivedAt = this.clock().toISOString();
    const rawBase64 = raw.toString('base64');
    await m.insert(RawMessageEntity, { id, mailbox: address, dedupeKey, messageId, source, organization, size: raw.length, raw: seal(this.keys, rawBase64), receivedAt });
    const payload: EmailReceivedV1 = { emailId: id, mailbox: address, messageId, source, rawBase64, receivedAt };
    await addToOutbox(m, createEnvelope(ROUTING_KEYS.emailReceived, payload, { producer: 'email-gateway', organizationId: organization, correlationId: id }));
    return { status: 'accepted', id };
  }
}
