import type { QuarantineListQueryV1 } from '@orgo/contracts';
import { type FindOptionsWhere, In, IsNull, Not } from 'typeorm';

import type { MemberMailboxes } from './quarantine-visibility';
import type { QuarantinedEmailEntity } from './quarantined-email.entity';

type Where = FindOptionsWhere<QuarantinedEmailEntity>;

/**
 * The rows a list may return, as alternatives (an empty list: none): the filters (reason, status,
 * organization, senders by blind index) within what the caller may see — their organizations
 * (`scope`), and for a member only the mailboxes of `visibility`.
 */
export function quarantineConditions(
  query: Pick<QuarantineListQueryV1, 'organization' | 'reason' | 'status' | 'scope'>,
  visibility: 'all' | MemberMailboxes[],
  senderIndexes: string[] | null,
): Where[] {
  const base: Where = {};
  if (query.reason) base.reason = query.reason;
  const status = query.status ?? 'quarantined';
  if (status === 'quarantined') base.replayedAt = IsNull();
  if (status === 'replayed') base.replayedAt = Not(IsNull());
  if (senderIndexes !== null) {
    if (senderIndexes.length === 0) return [];
    base.senderIndex = In(senderIndexes);
  }
  if (visibility === 'all') {
    if (query.scope !== null) {
      const visible = query.organization ? query.scope.filter((o) => o === query.organization) : query.scope;
      return visible.length ? [{ ...base, organization: In(visible) }] : [];
    }
    return [query.organization ? { ...base, organization: query.organization } : base];
  }
  return visibility
    .filter((m) => !query.organization || m.organization === query.organization)
    .flatMap((m) => [
      ...(m.mailboxes.length ? [{ ...base, organization: m.organization, mailbox: In(m.mailboxes) }] : []),
      ...(m.unclaimedExcept === null
        ? []
        : [m.unclaimedExcept.length ? { ...base, organization: m.organization, mailbox: Not(In(m.unclaimedExcept)) } : { ...base, organization: m.organization }]),
    ]);
}
