import { Inject, Injectable } from '@nestjs/common';
import type { EmailParsedV1, Envelope, ReporterPseudonymizedV1 } from '@orgo/contracts';
import { type Clock, CLOCK, KEY_RING, LOGGER } from '@orgo/runtime';
import { type KeyRing, seal } from '@orgo/security';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { pseudonymizeParsedEmail } from './pseudonymize-parsed-email';
import { PseudonymousSenderRepository } from './pseudonymous-sender.repository';
import { opened } from './sealed-value';
import { loggedSenderIndex } from './sender-index';

/**
 * The rules made an email sensitive (`privacy.reporter.pseudonymized`): its sender is recorded as
 * pseudonymous (from now on the quarantine shows the pseudonym, with no subject, for every mail of
 * theirs to the organization, and no filter finds them), and the parsed email is rewritten so that
 * even its sealed copy carries the pseudonym instead of the address and the name. Idempotent: the
 * inbox drops a redelivery, and a rewritten email is not rewritten again.
 */
@Injectable()
export class ReporterPseudonymizedService {
  constructor(
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(envelope: Envelope<ReporterPseudonymizedV1>, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const { emailId, senderIndex, pseudonym } = envelope.payload ?? ({} as Partial<ReporterPseudonymizedV1>);
    const organization = envelope.organizationId;
    if (!organization || typeof emailId !== 'string' || typeof senderIndex !== 'string' || typeof pseudonym !== 'string' || !pseudonym.trim()) {
      this.logger.warn({ messageId: envelope.id, emailId }, 'pseudonymized reporter without organization, email, sender index or pseudonym: nothing recorded');
      return 'skipped';
    }
    const recorded = await new PseudonymousSenderRepository(manager).record({ organization, senderIndex, pseudonym, emailId, recordedAt: this.clock().toISOString() });
    const rewritten = await this.rewriteParsed(manager, emailId, pseudonym);
    this.logger.info({ emailId, organization, senderIndex: loggedSenderIndex(senderIndex), pseudonym, recorded, rewritten }, 'sender pseudonymized: the parsed email carries the pseudonym');
    return recorded || rewritten ? 'processed' : 'skipped';
  }

  /** True when the parsed email was rewritten now (false: not parsed here, or rewritten before). */
  private async rewriteParsed(manager: EntityManager, emailId: string, pseudonym: string): Promise<boolean> {
    const row = await manager.findOne(ParsedEmailEntity, { where: { emailId } });
    if (!row) return false;
    const email = JSON.parse(opened(this.keys, row.parsed) ?? '{}') as EmailParsedV1;
    if (email.from?.address === pseudonym && !email.from.name) return false;
    await manager.update(ParsedEmailEntity, { emailId }, { parsed: seal(this.keys, JSON.stringify(pseudonymizeParsedEmail(email, pseudonym))) });
    return true;
  }
}
