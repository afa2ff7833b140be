import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { organizationForAddress } from '@orgo/config';
import { type EmailReceivedV1, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, SERVICE_CONTEXT, type ServiceContext, ServiceRuntime } from '@orgo/runtime';

import { dedupeKeyOf, readMessageId } from './message-identity';
import { RawMessageEntity } from './raw-message.entity';

export type AcceptOutcome = { status: 'accepted'; id: string } | { status: 'duplicate'; id: string };

/**
 * Accepts raw messages: stores the bytes, drops a message already accepted on the same mailbox
 * (Message-ID, else content hash), and emits `email.received` through the outbox in the same
 * transaction.
 */
@Injectable()
export class RawMessageService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `options.organization` names the organization when the intake knows it (an IMAP mailbox
   * configured for it); otherwise it is the one the address belongs to.
   */
  async accept(raw: Buffer, mailbox: string, source: EmailReceivedV1['source'], options: { organization?: string | null } = {}): Promise<AcceptOutcome> {
    const address = mailbox.trim().toLowerCase();
    const messageId = readMessageId(raw);
    const dedupeKey = dedupeKeyOf(raw, messageId);
    const organization = options.organization ?? organizationForAddress(this.context.config, address)?.slug ?? null;
    const outcome = await this.tx.run<AcceptOutcome>(async (m) => {
      const existing = await m.findOne(RawMessageEntity, { where: { mailbox: address, dedupeKey }, select: ['id'] });
      if (existing) return { status: 'duplicate', id: existing.id };
      const id = randomUUID();
      const receivedAt = this.clock().toISOString();
      await m.insert(RawMessageEntity, {
        id,
        mailbox: address,
        dedupeKey,
        messageId,
        source,
        organization,
        size: raw.length,
        raw,
        receivedAt,
      });
      const payload: EmailReceivedV1 = { emailId: id, mailbox: address, messageId, source, rawBase64: raw.toString('base64'), receivedAt };
      await addToOutbox(
        m,
        createEnvelope(ROUTING_KEYS.emailReceived, payload, {
          producer: 'email-gateway',
          organizationId: organization,
          correlationId: id,
        }),
      );
      return { status: 'accepted', id };
    });
    if (outcome.status === 'accepted') this.runtime.flushOutbox();
    this.context.logger.info({ emailId: outcome.id, mailbox: address, messageId, outcome: outcome.status }, 'email accepted');
    return outcome;
  }
}
