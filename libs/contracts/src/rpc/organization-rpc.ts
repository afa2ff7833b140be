/** api-gateway → task-service: one organization's effective configuration (SPEC §7 `GET /organizations/{slug}`). */
export interface OrganizationGetQueryV1 {
  slug: string;
  /** Organizations the caller may see; null for all. Another organization answers as unknown. */
  scope: string[] | null;
}

export interface OrganizationParameterV1 {
  /** The effective value: a duration table for reactivity, `{ count, window }` for pattern sensitivity, else a word or duration. */
  value: unknown;
  /** Where it came from: `profile: <name>`, `profiles/<file>.yaml`, `organization override` or `default`. */
  source: string;
}

export interface OrganizationPositionV1 {
  id: string;
  level: number;
  role: string | null;
  title: string;
  holders: string[];
  /** The position it reports to, null at the top. */
  reports_to: string | null;
  /** `explicit` when the file names it, `derived` when Orgo worked it out (SPEC §3). */
  reports_to_source: 'explicit' | 'derived';
  /** The position, then each reports_to upward to the top. */
  chain: string[];
}

export interface OrganizationRoleV1 {
  id: string;
  addresses: string[];
  entry: string;
}

export interface OrganizationViewV1 {
  slug: string;
  name: string;
  type: string;
  timezone: string;
  /** The profile's name, or null when the organization names none (global defaults). */
  profile: string | null;
  triage: string | null;
  /** The ten parameters of SPEC §6, by key. */
  parameters: Record<string, OrganizationParameterV1>;
  roles: OrganizationRoleV1[];
  positions: OrganizationPositionV1[];
}
