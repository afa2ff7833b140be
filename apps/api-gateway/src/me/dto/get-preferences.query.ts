import { OptionalOrganizationSlug } from './organization-slug';

/** `GET /api/v1/me/preferences`: optionally one organization only. */
export class GetPreferencesQuery {
  @OptionalOrganizationSlug('Only this organization (default: every organization I am in)')
  organization?: string;
}
