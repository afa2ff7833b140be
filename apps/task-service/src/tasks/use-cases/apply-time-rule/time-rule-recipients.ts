import type { OrganizationDirectory } from '@orgo/domain';

/** One `notify` target of a time rule and whom it reaches. */
export interface TimeRuleRecipient {
  target: string;
  /** `address` (a plain address, as it is), `role_address`, `role` or `position` (resolved to the holders of the position it names). */
  via: 'address' | 'role_address' | 'role' | 'position' | 'unknown';
  position: string | null;
  emails: string[];
}

/**
 * Resolves a time rule's `notify` list through the organization directory: a role address, a role
 * or a position reaches the holders of the position it names (a role's entry position); any other
 * address is kept as it is; a name that is none of these reaches nobody and says so (`unknown`).
 */
export function resolveTimeRuleRecipients(directory: OrganizationDirectory, targets: string[]): TimeRuleRecipient[] {
  return targets.map((target) => {
    const resolved = directory.resolveRouteTarget(target);
    if (resolved) {
      const via = resolved.via === 'address' ? 'role_address' : resolved.via;
      return { target, via, position: resolved.position, emails: directory.holdersOf(resolved.position) };
    }
    if (target.includes('@')) return { target, via: 'address', position: null, emails: [target.trim().toLowerCase()] };
    return { target, via: 'unknown', position: null, emails: [] };
  });
}
