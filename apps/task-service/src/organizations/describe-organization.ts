import type { OrganizationParameterV1, OrganizationViewV1 } from '@orgo/contracts';
import { type OrganizationDirectory, type OrganizationModel, PROFILE_PARAMETER_KEYS } from '@orgo/domain';

/**
 * An organization as the API shows it (SPEC §7 `GET /organizations/{slug}`): the effective value of
 * each of the ten parameters with where it came from, the roles, and every position with its
 * holders, whom it reports to (explicit or derived) and its escalation chain.
 */
export function describeOrganization(model: OrganizationModel, directory: OrganizationDirectory): OrganizationViewV1 {
  const parameters: Record<string, OrganizationParameterV1> = Object.fromEntries(
    PROFILE_PARAMETER_KEYS.map((key) => [key, { value: model.parameters[key], source: model.parameterSources[key] }]),
  );
  return {
    slug: model.slug,
    name: model.name,
    type: model.type,
    timezone: model.timezone,
    profile: model.profile,
    triage: model.triage,
    parameters,
    roles: model.roles.map((r) => ({ id: r.id, addresses: [...r.addresses], entry: r.entry })),
    positions: model.positions.map((p) => ({
      id: p.id,
      level: p.level,
      role: p.role,
      title: p.title,
      holders: [...p.holders],
      reports_to: directory.reportsTo.get(p.id) ?? null,
      reports_to_source: p.reportsTo !== undefined ? 'explicit' : 'derived',
      chain: directory.chainOf(p.id),
    })),
  };
}
