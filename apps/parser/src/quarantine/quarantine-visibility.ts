import type { OrgoConfig } from '@orgo/config';
import type { QuarantineViewerV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';

/** What a member may see of one organization's quarantine. */
export interface MemberMailboxes {
  organization: string;
  /** Role addresses of the roles the member holds a position in (lower-cased). */
  mailboxes: string[];
  /**
   * Holding the triage position: also mail to the organization's mailboxes that are no role's
   * address (an IMAP mailbox of the organization, say) — these are the role addresses to leave out.
   */
  unclaimedExcept: string[] | null;
}

/**
 * Who sees which quarantined mail (SPEC §6: a member sees quarantined mail only for mailboxes of
 * positions they hold): `all` for an administrator (within their organizations, `scope`); for a
 * member, per organization of their scope, the role addresses of every role they hold a position
 * of, plus the organization's unclaimed mailboxes for a holder of the triage position. A viewer
 * not given is a member holding nothing.
 */
export function quarantineVisibility(config: OrgoConfig, viewer: QuarantineViewerV1 | undefined, scope: string[] | null): 'all' | MemberMailboxes[] {
  if (viewer?.admin === true) return 'all';
  const email = viewer?.email?.trim().toLowerCase();
  if (!email) return [];
  const organizations = config.organizations.filter((o) => scope === null || scope.includes(o.slug));
  return organizations.map((o) => memberMailboxes(o, email)).filter((m) => m.mailboxes.length > 0 || m.unclaimedExcept !== null);
}

function memberMailboxes(organization: OrganizationModel, email: string): MemberMailboxes {
  const held = organization.positions.filter((p) => p.holders.some((h) => h.toLowerCase() === email));
  const roles = new Set(held.map((p) => p.role).filter((r): r is string => r !== null));
  const mailboxes = organization.roles.filter((r) => roles.has(r.id)).flatMap((r) => r.addresses.map((a) => a.toLowerCase()));
  const triage = organization.triage !== null && held.some((p) => p.id === organization.triage);
  return {
    organization: organization.slug,
    mailboxes: [...new Set(mailboxes)].sort(),
    unclaimedExcept: triage ? organization.roles.flatMap((r) => r.addresses.map((a) => a.toLowerCase())).sort() : null,
  };
}
