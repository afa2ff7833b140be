import { Inject, Injectable, Optional } from '@nestjs/common';
import { type ParserSettings, organizationBySlug } from '@orgo/config';
import type { EmailParsedV1, EmailReceivedV1, EmailRejectionReason } from '@orgo/contracts';
import { OrgoError, type OrganizationModel, formatDuration } from '@orgo/domain';
import { type AttachmentPolicy, MimeParser, addressList, normalizeEmail, type MimeMail } from '@orgo/mail-parsing';
import { KEY_RING, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import type { AttachmentBytes } from '../attachments/attachment-contents';
import { blockingEntry } from '../hygiene/sender-block-list.util';
import { checkSenderRate } from '../hygiene/sender-rate-limit';
import { SenderRateRepository } from '../hygiene/sender-rate.repository';
import { senderIndexOf } from '../privacy/sender-index';
import { ParseAhead } from './parse-ahead';
import { PARSER_SETTINGS } from './parser-settings.provider';

/** The organization's attachment limits (`intake.max_attachment_bytes`, `intake.allowed_attachment_types`), else the parser's. */
export function attachmentPolicy(settings: ParserSettings, organization: Pick<OrganizationModel, 'file' | 'intake'>): AttachmentPolicy {
  const own = organization.intake ?? { block: [] };
  const ownSize = own.maxAttachmentBytes !== undefined;
  const ownTypes = own.allowedAttachmentTypes !== undefined;
  return {
    allowedTypes: own.allowedAttachmentTypes ?? settings.allowedAttachmentTypes,
    maxBytes: own.maxAttachmentBytes ?? settings.maxAttachmentBytes,
    setIn: ownSize || ownTypes ? `intake of ${organization.file}` : undefined,
  };
}

/** What the parser needs to know about a message besides its bytes. */
export type IntakeMessage = Pick<EmailReceivedV1, 'emailId' | 'mailbox' | 'messageId' | 'receivedAt'> & {
  organization: string | null;
  /** How the gateway received it; an archive import is not held to the rate limit. */
  source: EmailReceivedV1['source'] | null;
};

export type IntakeDecision =
  | {
      outcome: 'parsed';
      email: EmailParsedV1;
      /** The decoded bytes of the attachments by sha256, to be stored once (`storeAttachmentContents`). */
      bytes: AttachmentBytes;
    }
  | {
      outcome: 'quarantined';
      reason: EmailRejectionReason;
      message: string;
      /** In clear, for the sealed quarantine row only: never logged, never in `message`. */
      sender: string | null;
      /** The sender's blind index in the organization (what logs and the rate limit use). */
      senderIndex: string | null;
      subject: string | null;
      /** For `EMAIL.RATE_LIMITED`: the first message held back in this burst (said once in the log). */
      firstOfBurst: boolean;
    };

/**
 * Decides what becomes of one raw message (SPEC §2 parser, §6 mail hygiene): a parsed email, or a
 * quarantine reason — unknown mailbox, too large, unreadable, too complex, too slow, no headers, no
 * sender, a blocked sender, a sender over the rate limit. Never throws for anything about the
 * message itself (an unexpected failure of the parsing code quarantines the message too); only a
 * database failure propagates (and is retried). The messages it writes never name the sender: they
 * go into `email.rejected` (audit, console) before anyone knows whether the sender is a sensitive
 * reporter.
 */
@Injectable()
export class EmailIntakeService {
  constructor(
    private readonly mime: MimeParser,
    @Inject(PARSER_SETTINGS) private readonly settings: ParserSettings,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly ahead?: ParseAhead,
  ) {}

  /**
   * `replay`: an administrator asked for it, so the rate limit does not hold it back again; nor does
   * it hold back an archive import (a year of mail imported at once is not a flood). The block list
   * applies to everything.
   */
  async decide(manager: EntityManager, raw: Buffer, message: IntakeMessage, options: { replay: boolean }): Promise<IntakeDecision> {
    const organization = message.organization ? organizationBySlug(this.context.config, message.organization) : undefined;
    const held = (reason: EmailRejectionReason, text: string, summary: { sender?: string | null; subject?: string | null } = {}, firstOfBurst = false): IntakeDecision => ({
      outcome: 'quarantined',
      reason,
      message: text,
      sender: summary.sender ?? null,
      senderIndex: senderIndexOf(this.keys, organization?.slug ?? message.organization, summary.sender),
      subject: summary.subject ?? null,
      firstOfBurst,
    });
    if (!organization) {
      return held('EMAIL.UNKNOWN_MAILBOX', `No organization has a role with the address '${message.mailbox}'. Add it to a role's addresses in an organization.yaml, then replay the message.`);
    }
    if (raw.length > this.settings.maxMessageBytes) {
      return held('EMAIL.TOO_LARGE', `The message has ${raw.length} bytes, more than max_message_bytes (${this.settings.maxMessageBytes}). If it is genuine, raise max_message_bytes in config/services/parser/ and replay it.`);
    }
    let mail: MimeMail | undefined;
    let email: EmailParsedV1;
    try {
      mail = await (this.ahead?.take(message.emailId) ?? this.mime.parse(raw));
      email = normalizeEmail(mail, message, attachmentPolicy(this.settings, organization));
    } catch (error) {
      const summary = { sender: mail ? (addressList(mail.from)[0]?.address ?? null) : null, subject: mail?.subject?.slice(0, 998) ?? null };
      if (error instanceof OrgoError) return held(error.code as EmailRejectionReason, error.message, summary);
      this.logger.error({ err: error, emailId: message.emailId }, 'parsing failed unexpectedly; the message is quarantined');
      return held('EMAIL.UNPARSEABLE', `The parser failed on this message (${(error as Error).message}). It is kept; report it with its id, and replay it once the parser is fixed.`, summary);
    }
    const summary = { sender: email.from.address, subject: email.subject };
    const blockedBy = blockingEntry(organization.intake?.block ?? [], email.from.address);
    if (blockedBy) {
      // An address entry is not repeated: it names the sender.
      const entry = blockedBy.startsWith('@') ? `the entry '${blockedBy}'` : 'an address entry';
      return held('EMAIL.BLOCKED_SENDER', `The sender is blocked by ${entry} of intake.block in ${organization.file}. Remove the entry and replay the message if it should come through.`, summary);
    }
    if (!options.replay && message.source !== 'import') {
      const limit = this.settings.rateLimit;
      const sender = senderIndexOf(this.keys, organization.slug, email.from.address) ?? '';
      const rate = await checkSenderRate(new SenderRateRepository(manager), { organization: organization.slug, sender, receivedAt: message.receivedAt }, limit);
      if (rate.limited) {
        return held(
          'EMAIL.RATE_LIMITED',
          `The sender sent more than ${limit.messages} messages to ${organization.slug} within ${formatDuration(limit.windowMs)} (a mail loop or a flood), so this one was held back. Replay it if it matters; if the sender is legitimate, raise rate_limit in config/services/parser/.`,
          summary,
          rate.firstOfBurst,
        );
      }
    }
    const bytes: AttachmentBytes = new Map();
    for (const a of mail.attachments) if (a.content && a.sha256) bytes.set(a.sha256, a.content);
    return { outcome: 'parsed', email, bytes };
  }
}
