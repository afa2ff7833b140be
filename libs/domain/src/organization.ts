/**
 * The validated shape of an organization (SPEC §3), as the config library produces it from
 * `config/organizations/<slug>/organization.yaml`. Plain data: no I/O, no framework.
 */
import type { BusinessCalendar } from './business-calendar';
import type { ProfileParameters } from './profiles';

export interface PositionModel {
  /** `"<level>"` or `"<level>.<Role.Path>"`, e.g. `1001.Ops.Maintenance`, `11.Ops`, `1`. */
  id: string;
  level: number;
  /** Dot-notation role path, or null for a bare level (`1`, `2`). */
  role: string | null;
  title: string;
  /** Email addresses of the people who hold the position (lower-cased). */
  holders: string[];
  /** The explicit `reports_to` from the file, when given. */
  reportsTo?: string;
  /** The position's own business calendar, or `always` (round the clock); absent: the organization's. */
  calendar?: BusinessCalendar | 'always';
}

export interface RoleModel {
  /** Dot-notation role path, e.g. `Ops.Maintenance`. */
  id: string;
  /** Role addresses, lower-cased. */
  addresses: string[];
  /** The position that receives the role's new tasks; the config library fills the default. */
  entry: string;
}

export interface PersonModel {
  email: string;
  name: string;
  phone?: string;
  notify: { channels: string[]; digest: 'immediate' | 'hourly' | 'daily'; quietHours?: string };
}

/** How an organization takes in mail (`intake:` in organization.yaml, SPEC §6 Mail hygiene). */
export interface IntakeModel {
  /** Blocked senders: lower-cased addresses (`spam@example.com`) and domains (`@example.com`, subdomains included). */
  block: string[];
  /** The web intake form (SPEC §6 Mail hygiene); absent or null: the organization takes no web reports. */
  webForm?: WebFormIntakeModel | null;
  /** `intake.max_attachment_bytes`: this organization's limit per mail attachment; absent: the parser's. */
  maxAttachmentBytes?: number;
  /** `intake.allowed_attachment_types`: extensions (lower case, no dot) a mail attachment may have; absent: the parser's. */
  allowedAttachmentTypes?: string[];
}

/** `intake.web_form` of organization.yaml: which roles take reports from the public form, and how. */
export interface WebFormIntakeModel {
  /** Role ids whose form is open. */
  roles: string[];
  /** Per open role, the role address its web reports are addressed to (its first address unless one was named). */
  addresses: Record<string, string>;
  /** Role ids (of `roles`) whose form also takes anonymous reports. */
  anonymousRoles: string[];
  /** Largest single attachment, bytes. */
  maxAttachmentBytes: number;
  /** Largest sum of a report's attachments, bytes. */
  maxTotalBytes: number;
  /** File extensions (lower case, no dot) an attachment may have; null: the parser's `allowed_attachment_types`. */
  allowedTypes: string[] | null;
}

/**
 * Where an effective parameter came from: a built-in profile (`profile: hospital`), a profile file
 * of the configuration (`profiles/school.yaml`, relative to the configuration folder), the
 * organization's own `organization.parameters` (`organization override`), or the global defaults
 * of an organization that names no profile (`default`).
 */
export type ParameterSource =
  'default' | 'organization override' | `profile: ${string}` | `profiles/${string}`;

export interface OrganizationModel {
  slug: string;
  name: string;
  type: string;
  timezone: string;
  /** The profile name, or null when the organization names none (global defaults apply). */
  profile: string | null;
  /** Effective parameters: the profile's, overridden by `organization.parameters`. */
  parameters: ProfileParameters;
  /** For each parameter key, where its effective value came from. */
  parameterSources: Record<keyof ProfileParameters, ParameterSource>;
  /** Position id of the triage position, when declared. */
  triage: string | null;
  positions: PositionModel[];
  roles: RoleModel[];
  people: PersonModel[];
  /** The business calendar reactivity counts in (SPEC §6 Business hours); absent or null: round the clock. */
  calendar?: BusinessCalendar | null;
  /** The fraction of the reactivity time at which the assignee is warned; absent: 0.8; null: no warnings. */
  warningFraction?: number | null;
  /** Mail intake settings; absent means the defaults (nobody blocked). */
  intake?: IntakeModel;
  /**
   * The domain modules switched on (`organization.domains`, folder names under `config/domains/`):
   * only their rule files and templates apply; absent or null: every domain applies.
   */
  domains?: string[] | null;
  /** The file this organization was loaded from, relative to the configuration folder. */
  file: string;
}
