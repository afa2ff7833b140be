import type { EmailParsedV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';
import type { EmailFacts } from './rule-types';

/** The fields a rule condition may read about an email (SPEC §5). */
export function emailFacts(email: EmailParsedV1, organization: OrganizationModel): EmailFacts {
  return {
    subject: email.subject,
    body: email.text,
    sender: email.from.address,
    sender_domain: email.from.address.split('@')[1] ?? '',
    mailbox: email.mailbox,
    recipients: [...email.to, ...email.cc],
    keywords: email.keywords,
    attachments: email.attachments.map((a) => a.filename),
    has_attachments: email.attachments.length > 0,
    organization: organization.slug,
    organization_type: organization.type,
    // Flags added in email.parsed 1.1: absent (false) in messages parsed before.
    auto_submitted: email.autoSubmitted,
    bulk: email.bulk,
    bounce: email.bounce ?? false,
    from_orgo: email.fromOrgo ?? false,
  };
}
