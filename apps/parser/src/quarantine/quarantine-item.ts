import type { QuarantinedEmailV1 } from '@orgo/contracts';
import type { KeyRing } from '@orgo/security';

import type { PseudonymLookup } from '../privacy/pseudonymous-sender.repository';
import { opened } from '../privacy/sealed-value';
import type { QuarantinedEmailEntity } from './quarantined-email.entity';

/** What the quarantine shows instead of a sensitive reporter's subject. */
export const SENSITIVE_SUBJECT = '(sensitive report)';

/** Every column but the raw bytes: what a list reads. */
export const LISTED: (keyof QuarantinedEmailEntity)[] = [
  'emailId', 'organization', 'mailbox', 'messageId', 'sender', 'senderIndex', 'subject', 'reason', 'message', 'size', 'receivedAt', 'quarantinedAt', 'attempts', 'replayedAt',
];

/**
 * A quarantined email as the API shows it: sender and subject unsealed, or — for a sender the rules
 * made a sensitive reporter — the pseudonym, a placeholder subject and no Message-ID (it may name
 * their mail server), for everyone, administrators included.
 */
export function quarantineItem(ring: KeyRing, row: QuarantinedEmailEntity, pseudonyms: PseudonymLookup): QuarantinedEmailV1 {
  const pseudonym = pseudonyms.of(row);
  return {
    id: row.emailId,
    organization: row.organization,
    mailbox: row.mailbox,
    message_id: pseudonym ? null : row.messageId,
    sender: pseudonym ?? opened(ring, row.sender),
    subject: pseudonym ? SENSITIVE_SUBJECT : opened(ring, row.subject),
    pseudonymous: pseudonym !== null,
    reason: row.reason,
    message: opened(ring, row.message) ?? '',
    size: row.size,
    received_at: row.receivedAt ?? row.quarantinedAt,
    quarantined_at: row.quarantinedAt,
    attempts: row.attempts,
    replayed_at: row.replayedAt,
  };
}
