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
  /**
   * The calendar its tasks' reactivity counts in (SPEC §6 Business hours): `organization` (the
   * organization's, or round the clock when it has none), `always` (round the clock) or `own`.
   */
  calendar_source: 'organization' | 'always' | 'own';
  /** Its own calendar, when `calendar_source` is `own`. */
  calendar?: BusinessCalendarV1;
}

/** A business calendar as the API shows it: opening hours per weekday in its time zone, holidays. */
export interface BusinessCalendarV1 {
  timezone: string;
  /** `mon` … `sun`: opening intervals such as `09:00-18:00`; an empty list is a closed day. */
  hours: Record<string, string[]>;
  holidays: { date: string; name?: string }[];
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
  /** The organization's business calendar, or null when reactivity counts round the clock. */
  calendar: BusinessCalendarV1 | null;
  /** The share of a step's reactivity time at which the assignee is warned (0.8 = 80 %), or null when warnings are off. */
  warn_at: number | null;
}
