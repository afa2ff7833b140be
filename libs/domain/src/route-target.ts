/** An organization slug as a cross-organization `route_to` names it. */
export const ORGANIZATION_SLUG = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A rule's `route_to`, split (SPEC §3: a route crosses organizations only where a rule says so):
 * `district:11.Ops` names the organization `district` and its target `11.Ops`; anything without a
 * `<slug>:` prefix stays in the rule's own organization (`organization` null).
 */
export function splitRouteTarget(routeTo: string): { organization: string | null; target: string } {
  const value = routeTo.trim();
  const colon = value.indexOf(':');
  if (colon < 0) return { organization: null, target: value };
  return { organization: value.slice(0, colon).trim(), target: value.slice(colon + 1).trim() };
}
