import type { OrganizationModel } from './organization';
import { BUILTIN_PROFILES } from './profiles';

/**
 * An organization model for the domain's specs: Northside School on the advocacy_group profile,
 * with no roles, people or triage unless `parts` gives them. Not exported from the library.
 */
export function organizationModel(parts: Partial<OrganizationModel> & Pick<OrganizationModel, 'positions'>): OrganizationModel {
  return {
    slug: 'northside',
    name: 'Northside School',
    type: 'school',
    timezone: 'America/Toronto',
    profile: 'advocacy_group',
    parameters: BUILTIN_PROFILES.advocacy_group,
    parameterSources: {} as OrganizationModel['parameterSources'],
    triage: null,
    roles: [],
    people: [],
    file: 'organizations/northside/organization.yaml',
    ...parts,
  };
}
