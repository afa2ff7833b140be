import { type EmailParsedV1, type EmailRejectedV1, type Envelope, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { plainSql } from '@orgo/persistence';
import { type KeyRing, seal, sealOptional } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { senderIndexOf } from '../privacy/sender-index';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { ParsedEmailEntity } from './parsed-email.entity';

/** Where a record came from: the message chain it belongs to. */
export interface RecordOrigin {
  organization: string | null;
  /** The message that caused this one (`email.received`), or its ids kept in the quarantine. */
  cause: Pick<Envelope, 'id' | 'correlationId'>;
  now: string;
}

/**
 * Records a parsed email (sealed, the sender as a blind index) and puts `email.parsed` in the
 * outbox, in the caller's transaction.
 */
export async function recordParsed(manager: EntityManager, ring: KeyRing, email: EmailParsedV1, origin: RecordOrigin): Promise<void> {
  await manager.insert(ParsedEmailEntity, {
    emailId: email.emailId,
    organization: origin.organization,
    mailbox: email.mailbox,
    senderIndex: senderIndexOf(ring, origin.organization, email.from.address),
    receivedAt: email.receivedAt,
    parsed: seal(ring, JSON.stringify(email)),
    parsedAt: origin.now,
  });
  await addToOutbox(manager, createEnvelope(ROUTING_KEYS.emailParsed, email, { producer: 'parser', organizationId: origin.organization, cause: origin.cause }));
}

/** Whether an email was parsed or quarantined before (one query over both tables). */
export async function alreadyRecorded(manager: EntityManager, emailId: string): Promise<boolean> {
  const sql = plainSql(manager);
  const rows = (await manager.query(
    `SELECT 1 AS found FROM ${sql.table(ParsedEmailEntity)} WHERE "email_id" = ${sql.list(1)}
     UNION ALL SELECT 1 AS found FROM ${sql.table(QuarantinedEmailEntity)} WHERE "email_id" = ${sql.list(1, 1)} LIMIT 1`,
    [emailId, emailId],
  )) as unknown[];
  return rows.length > 0;
}

/** Puts `email.rejected` in the outbox for a quarantined message, in the caller's transaction. */
export async function announceRejected(manager: EntityManager, payload: EmailRejectedV1, origin: RecordOrigin): Promise<void> {
  await addToOutbox(manager, createEnvelope(ROUTING_KEYS.emailRejected, payload, { producer: 'parser', organizationId: origin.organization, cause: origin.cause }));
}

/** Cuts text to a column's length. */
export function fit(text: string | null | undefined, length: number): string | null {
  // NUL cannot be stored in PostgreSQL text: a decoded header may carry one (`=?utf-8?Q?a=00b?=`).
  return text === null || text === undefined ? null : text.replace(/\u0000/g, '').slice(0, length);
}

/** A quarantine row before sealing: what the parser knows of the message, in clear. */
export type QuarantineRecord = Omit<QuarantinedEmailEntity, 'attempts' | 'replayedAt' | 'senderIndex'>;

/** What may name the sender, sealed, and their blind index: the columns a quarantine row stores them in. */
export function sealedSummary(
  ring: KeyRing,
  organization: string | null,
  summary: { sender: string | null; subject: string | null; message: string },
): Pick<QuarantinedEmailEntity, 'sender' | 'senderIndex' | 'subject' | 'message'> {
  const sender = fit(summary.sender, 320);
  return {
    sender: sealOptional(ring, sender),
    senderIndex: senderIndexOf(ring, organization, sender),
    subject: sealOptional(ring, fit(summary.subject, 1000)),
    message: seal(ring, summary.message),
  };
}

/** A quarantine row (raw bytes kept for a replay, sealed with what names the sender), inserted in the caller's transaction. */
export async function recordQuarantined(manager: EntityManager, ring: KeyRing, row: QuarantineRecord): Promise<void> {
  await manager.insert(QuarantinedEmailEntity, {
    ...row,
    ...sealedSummary(ring, row.organization, row),
    messageId: fit(row.messageId, 1000),
    mailbox: fit(row.mailbox, 320) ?? '',
    rawBase64: sealOptional(ring, row.rawBase64),
    attempts: 0,
    replayedAt: null,
  });
}
