import { Inject, Injectable } from '@nestjs/common';
import type { EmailReceivedV1, Envelope } from '@orgo/contracts';
import { type Clock, CLOCK, KEY_RING, LOGGER } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { storeAttachmentContents } from '../attachments/attachment-contents';
import { loggedSenderIndex } from '../privacy/sender-index';
import { EmailIntakeService, type IntakeDecision } from './email-intake.service';
import { alreadyRecorded, announceRejected, recordParsed, recordQuarantined } from './intake-records';

/** An ISO-8601 time as the parser stores it (24 characters), or null when the text is not a time. */
export function isoTime(text: string | null | undefined): string | null {
  const time = text ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Turns each received message into a parsed email (`email.parsed`) or a quarantined one with a
 * reason (`email.rejected`), in the transaction that records the message as handled: a bad message
 * is a normal outcome, never a retry loop, and never stops the next one. Never drops a message.
 * Nothing it stores or logs names the sender in clear (sealed values, blind indexes).
 */
@Injectable()
export class ParserService {
  constructor(
    private readonly intake: EmailIntakeService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handleReceived(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const received = envelope.payload as EmailReceivedV1;
    if (await alreadyRecorded(manager, received.emailId)) return 'skipped';
    const now = this.clock().toISOString();
    const raw = Buffer.from(typeof received.rawBase64 === 'string' ? received.rawBase64 : '', 'base64');
    const message = {
      emailId: received.emailId,
      mailbox: received.mailbox,
      messageId: received.messageId,
      receivedAt: isoTime(received.receivedAt) ?? now,
      organization: envelope.organizationId,
      source: received.source ?? null,
    };
    const decision = await this.intake.decide(manager, raw, message, { replay: false });
    const origin = { organization: envelope.organizationId, cause: envelope, now };
    if (decision.outcome === 'parsed') {
      await recordParsed(manager, this.keys, decision.email, origin);
      await storeAttachmentContents(manager, this.keys, decision.email.attachments, decision.bytes, now);
      this.logger.info({ emailId: received.emailId, mailbox: received.mailbox, attachments: decision.email.attachments.length, dropped: decision.email.droppedAttachments?.length ?? 0 }, 'email parsed');
      return 'processed';
    }
    await recordQuarantined(manager, this.keys, {
      emailId: received.emailId,
      organization: envelope.organizationId,
      mailbox: received.mailbox,
      messageId: received.messageId,
      sender: decision.sender,
      subject: decision.subject,
      reason: decision.reason,
      message: decision.message,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      source: received.source ?? null,
      size: raw.length,
      rawBase64: raw.toString('base64'),
      receivedAt: message.receivedAt,
      quarantinedAt: now,
    });
    await announceRejected(manager, { emailId: received.emailId, mailbox: received.mailbox, messageId: received.messageId, reason: decision.reason, message: decision.message }, origin);
    this.logQuarantined(received, decision);
    return 'processed';
  }

  /** Each quarantine is logged; a rate-limited burst only once, at its first message. */
  private logQuarantined(received: EmailReceivedV1, decision: Extract<IntakeDecision, { outcome: 'quarantined' }>): void {
    const fields = { emailId: received.emailId, mailbox: received.mailbox, reason: decision.reason, senderIndex: loggedSenderIndex(decision.senderIndex) };
    if (decision.reason !== 'EMAIL.RATE_LIMITED') this.logger.warn(fields, 'email quarantined');
    else if (decision.firstOfBurst) this.logger.warn({ ...fields, detail: decision.message }, 'sender over the rate limit: their mail is held in quarantine until the burst ends');
    else this.logger.debug(fields, 'email quarantined');
  }
}
