import type { EmailAddressV1, EmailAddressViewV1, EmailParsedV1, EmailViewV1, QuarantinedEmailV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';
import { EMAIL_REMOVED, type SensitiveIdentity, scrubIdentity, scrubSubject } from '@orgo/privacy';

/** Where the parsed email came from, as the parser's row says. */
export interface ParsedRowFacts {
  organization: string | null;
  mailbox: string;
  receivedAt: string | null;
}

const address = (a: EmailAddressV1): EmailAddressViewV1 => ({ address: a.address, name: a.name || null });
const recipients = (named: EmailAddressV1[] | undefined, plain: string[]): EmailAddressViewV1[] =>
  named?.length ? named.map(address) : plain.map((a) => ({ address: a, name: null }));

/** A parsed email as anyone who may read the email sees it (not a sensitive report). */
export function parsedView(email: EmailParsedV1, row: ParsedRowFacts): EmailViewV1 {
  return {
    id: email.emailId,
    organization: row.organization,
    mailbox: row.mailbox,
    message_id: email.messageId,
    received_at: row.receivedAt ?? email.receivedAt ?? null,
    source: null,
    from: address(email.from),
    to: recipients(email.toAddresses, email.to),
    cc: recipients(email.ccAddresses, email.cc),
    subject: email.subject,
    date: email.date,
    text: email.text,
    html_sanitized: email.html ?? null,
    attachments: email.attachments.map((a) => ({ name: a.filename, size: a.size, type: a.type ?? a.contentType })),
    headers: { in_reply_to: email.inReplyTo, references: email.references, auto_submitted: email.autoSubmitted },
    parse: { outcome: 'parsed', reason: null, message: null },
    sensitive: false,
    task_ids: [],
  };
}

/**
 * A sensitive report's parsed email as a role holder may read it (SPEC §6 Privacy): the pseudonym as
 * sender; subject and text scrubbed of the sender's address and name, every address, phone number
 * and street address, and the signature block; attachments named `attachment-N.<ext>` (a file name
 * may carry the name, and the rewritten copy no longer says which); no HTML (it is not scrubbed),
 * no Message-ID or thread references (they may name the reporter's mail server); recipients other
 * than the organization's role addresses withheld, no display names.
 *
 * `email` may still carry the real sender (the parser had not heard of the pseudonym yet) or already
 * the pseudonym (the rewritten copy): both scrub the same way.
 */
export function sensitiveView(email: EmailParsedV1, row: ParsedRowFacts, pseudonym: string, organization: OrganizationModel | null): EmailViewV1 {
  const who: SensitiveIdentity = { address: email.from.address, name: email.from.name || null, pseudonym, timeZone: organization?.timezone ?? null };
  const roleAddresses = new Set((organization?.roles ?? []).flatMap((r) => r.addresses.map((a) => a.toLowerCase())).concat(row.mailbox.toLowerCase()));
  const withheld = (list: EmailAddressViewV1[]) =>
    list.map((a) => (roleAddresses.has(a.address.toLowerCase()) ? { address: a.address, name: null } : { address: EMAIL_REMOVED, name: null }));
  const plain = parsedView(email, row);
  return {
    ...plain,
    message_id: null,
    from: { address: pseudonym, name: null },
    to: withheld(plain.to),
    cc: withheld(plain.cc),
    subject: scrubSubject(email.subject, who),
    text: scrubIdentity(email.text, who).text,
    html_sanitized: null,
    attachments: plain.attachments.map((a, i) => ({ ...a, name: neutralName(a.name, i) })),
    headers: { in_reply_to: null, references: [], auto_submitted: email.autoSubmitted },
    sensitive: true,
  };
}

/** `attachment-1.pdf`: the extension of a safe file name, nothing of the name itself. */
function neutralName(name: string, index: number): string {
  const extension = /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase();
  return `attachment-${index + 1}${extension ? `.${extension}` : ''}`;
}

/** A quarantined email: what the quarantine shows of it (the pseudonym and no subject for a sensitive reporter). */
export function quarantinedView(item: QuarantinedEmailV1, source: string | null): EmailViewV1 {
  return {
    id: item.id,
    organization: item.organization,
    mailbox: item.mailbox,
    message_id: item.message_id,
    received_at: item.received_at,
    source,
    from: item.sender ? { address: item.sender, name: null } : null,
    to: [],
    cc: [],
    subject: item.subject,
    date: null,
    text: null,
    html_sanitized: null,
    attachments: [],
    headers: { in_reply_to: null, references: [], auto_submitted: false },
    parse: { outcome: 'quarantined', reason: item.reason, message: item.message },
    sensitive: item.pseudonymous === true,
    task_ids: [],
  };
}
