import { Inject, Injectable } from '@nestjs/common';
import {
  type EmailReceivedV1,
  type EmailRejectedV1,
  type Envelope,
  ROUTING_KEYS,
  createEnvelope,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { normalizeEmail } from './normalize-email';
import { ParsedEmailEntity } from './parsed-email.entity';

/**
 * Turns each received message into a parsed email (`email.parsed`) or a quarantined one with a
 * reason (`email.rejected`). Never drops a message.
 */
@Injectable()
export class ParserService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handleReceived(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const received = envelope.payload as EmailReceivedV1;
    const done =
      (await manager.exists(ParsedEmailEntity, { where: { emailId: received.emailId } })) ||
      (await manager.exists(QuarantinedEmailEntity, { where: { emailId: received.emailId } }));
    if (done) return 'skipped';
    const origin = { producer: 'parser', organizationId: envelope.organizationId, cause: envelope };
    if (!envelope.organizationId) {
      await this.quarantine(manager, envelope, received, 'EMAIL.UNKNOWN_MAILBOX',
        `No organization has a role with the address '${received.mailbox}'. Add it to a role's addresses in an organization.yaml, then replay the message.`);
      return 'processed';
    }
    try {
      const parsed = await normalizeEmail(Buffer.from(received.rawBase64, 'base64'), received);
      await manager.insert(ParsedEmailEntity, {
        emailId: received.emailId,
        organization: envelope.organizationId,
        mailbox: received.mailbox,
        parsed: JSON.stringify(parsed),
        parsedAt: this.clock().toISOString(),
      });
      await addToOutbox(manager, createEnvelope(ROUTING_KEYS.emailParsed, parsed, origin));
      return 'processed';
    } catch (error) {
      if (!(error instanceof OrgoError)) throw error;
      await this.quarantine(manager, envelope, received, error.code, error.message);
      return 'processed';
    }
  }

  private async quarantine(
    manager: EntityManager,
    envelope: Envelope,
    received: EmailReceivedV1,
    reason: string,
    message: string,
  ): Promise<void> {
    await manager.insert(QuarantinedEmailEntity, {
      emailId: received.emailId,
      organization: envelope.organizationId,
      mailbox: received.mailbox,
      messageId: received.messageId,
      reason,
      message,
      quarantinedAt: this.clock().toISOString(),
    });
    const payload: EmailRejectedV1 = { emailId: received.emailId, mailbox: received.mailbox, messageId: received.messageId, reason, message };
    await addToOutbox(manager, createEnvelope(ROUTING_KEYS.emailRejected, payload, { producer: 'parser', organizationId: envelope.organizationId, cause: envelope }));
    this.logger.warn({ emailId: received.emailId, mailbox: received.mailbox, reason }, 'email quarantined');
  }
}
