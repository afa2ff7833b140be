import {
  type BusinessCalendar,
  type IntakeModel,
  type OrganizationModel,
  type ParameterSources,
  type PersonModel,
  type PositionModel,
  type ProfileParameters,
  ROLE_SEGMENT,
  type RoleModel,
  type WebFormIntakeModel,
  ValidationError,
  builtinSources,
  defaultEntry,
  effectiveParameters,
  positionIdProblem,
  quietHoursProblem,
  resolveReportsTo,
} from '@orgo/domain';

import { checkCalendar, checkWarningFraction } from './calendar-schema';
import { type Checker, EMAIL, join } from './checker';
import { checkParameters } from './profile-schema';

const ROOT_KEYS = ['metadata', 'organization', 'positions', 'roles', 'people', 'documents', 'intake'];
const INTAKE_KEYS = ['block', 'web_form', 'max_attachment_bytes', 'allowed_attachment_types'];
const WEB_FORM_KEYS = ['roles', 'anonymous', 'max_attachment_bytes', 'max_total_bytes', 'allowed_types'];
const MB = 1024 ** 2;
const BLOCKED_DOMAIN = /^@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const ORG_KEYS = [
  'slug',
  'name',
  'type',
  'timezone',
  'profile',
  'parameters',
  'triage',
  'description',
  'domain',
  'calendar',
  'warn_at',
  'domains',
];
const POSITION_KEYS = ['id', 'title', 'holders', 'reports_to', 'calendar'];
const ROLE_KEYS = ['id', 'addresses', 'entry', 'description'];
const PERSON_KEYS = ['email', 'name', 'phone', 'notify', 'positions'];
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

export function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function roleIdProblem(id: unknown): boolean {
  return typeof id !== 'string' || !id.split('.').every((s) => ROLE_SEGMENT.test(s));
}

/**
 * Validates `organizations/<slug>/organization.yaml` (SPEC §3 contract) into an OrganizationModel,
 * recording every problem; returns undefined when the file cannot be used.
 */
export function checkOrganization(
  check: Checker,
  raw: unknown,
  folderSlug: string,
  profiles: Record<string, ProfileParameters>,
  profileSources: Record<string, ParameterSources> = {},
  availableDomains?: string[],
): OrganizationModel | undefined {
  const root = check.object(raw, '', ROOT_KEYS, ['organization', 'positions', 'roles']);
  if (!root) return undefined;
  check.metadata(root);
  const before = check.issues.length;
  const org = check.object(root.organization, 'organization', ORG_KEYS, ['slug', 'name']) ?? {};
  const slug = check.string(org.slug, 'organization.slug', {
    required: true,
    pattern: SLUG,
    expected: 'a lower-case slug (letters, digits, - or _)',
  });
  if (slug && slug !== folderSlug)
    check.issue(
      'organization.slug',
      `'${folderSlug}' (the folder's name)`,
      slug,
      'rename the folder or the slug',
    );
  const name = check.string(org.name, 'organization.name', { required: true }) ?? folderSlug;
  const type = check.string(org.type, 'organization.type') ?? 'organization';
  const timezone = check.string(org.timezone, 'organization.timezone') ?? 'UTC';
  if (org.timezone !== undefined && !validTimezone(timezone))
    check.issue('organization.timezone', "an IANA time zone such as 'America/Toronto'", org.timezone);
  let profile: string | null = null;
  if (org.profile !== undefined) {
    profile = check.oneOf(org.profile, 'organization.profile', Object.keys(profiles)) ?? null;
  }
  const overrides =
    org.parameters === undefined
      ? {}
      : checkParameters(check, org.parameters, 'organization.parameters', true);
  // SPEC §6 Business hours: the organization's calendar (absent: round the clock) and warning share.
  const calendar = checkCalendar(
    check,
    org.calendar,
    'organization.calendar',
    { timezone, holidays: [] },
    false,
  ) as BusinessCalendar | undefined;
  const warningFraction = checkWarningFraction(check, org.warn_at, 'organization.warn_at');
  const domains = checkDomains(check, org.domains, availableDomains);
  const calendarDefaults = {
    timezone: calendar?.timezone ?? timezone,
    week: calendar?.week,
    holidays: calendar?.holidays ?? [],
  };

  const positions: PositionModel[] = [];
  const seen = new Set<string>();
  (check.list(root.positions, 'positions', true) ?? []).forEach((value, i) => {
    const path = join('positions', i);
    const p = check.object(value, path, POSITION_KEYS, ['id', 'title']);
    if (!p) return;
    const id = typeof p.id === 'number' ? String(p.id) : p.id;
    const problem = positionIdProblem(id);
    if (problem)
      return check.issue(
        join(path, 'id'),
        problem,
        p.id,
        'write <level>.<Role.Path>: 1001.Ops.Maintenance (staff), 101.Ops.Maintenance (lead), 11.Ops (head), 1 (the top)',
      );
    if (seen.has(id as string)) return check.issue(join(path, 'id'), 'an id used by no other position', id);
    seen.add(id as string);
    const [levelText, ...roleParts] = (id as string).split('.');
    const holders = (check.list(p.holders, join(path, 'holders')) ?? []).flatMap((h, j) => {
      if (typeof h !== 'string' || !EMAIL.test(h)) {
        check.issue(join(join(path, 'holders'), j), 'an email address', h);
        return [];
      }
      return [h.toLowerCase()];
    });
    const reportsTo = p.reports_to === undefined ? undefined : String(p.reports_to);
    const ownCalendar = checkCalendar(check, p.calendar, join(path, 'calendar'), calendarDefaults, true);
    positions.push({
      id: id as string,
      level: Number(levelText),
      role: roleParts.length ? roleParts.join('.') : null,
      title: check.string(p.title, join(path, 'title'), { required: true }) ?? '',
      holders,
      ...(reportsTo !== undefined ? { reportsTo } : {}),
      ...(ownCalendar ? { calendar: ownCalendar } : {}),
    });
  });
  try {
    resolveReportsTo(positions, check.file);
  } catch (error) {
    if (error instanceof ValidationError) {
      // Paths refer to the valid positions' indexes: map them back to the file's.
      for (const issue of error.issues) {
        const m = /^positions\[(\d+)\]/.exec(issue.path);
        const original = m
          ? (root.positions as unknown[]).findIndex(
              (v) =>
                (v as { id?: unknown })?.id !== undefined &&
                String((v as { id: unknown }).id) === positions[Number(m[1])]?.id,
            )
          : -1;
        check.issues.push({
          ...issue,
          file: check.file,
          path: m && original >= 0 ? issue.path.replace(m[0], `positions[${original}]`) : issue.path,
        });
      }
    } else throw error;
  }

  const triage = org.triage === undefined ? null : String(org.triage);
  if (triage !== null && !seen.has(triage)) {
    check.issue(
      'organization.triage',
      'the id of one of the positions',
      org.triage,
      `add a position '${triage}' under positions, or name an existing one`,
    );
  }

  const roles: RoleModel[] = [];
  const roleIds = new Set<string>();
  (check.list(root.roles, 'roles', true) ?? []).forEach((value, i) => {
    const path = join('roles', i);
    const r = check.object(value, path, ROLE_KEYS, ['id', 'addresses']);
    if (!r) return;
    if (roleIdProblem(r.id))
      return check.issue(join(path, 'id'), "a role in dot notation, e.g. 'Ops.Maintenance'", r.id);
    const id = r.id as string;
    if (roleIds.has(id)) return check.issue(join(path, 'id'), 'a role id used by no other role', id);
    roleIds.add(id);
    const addresses = (check.list(r.addresses, join(path, 'addresses'), true) ?? []).flatMap((a, j) => {
      if (typeof a !== 'string' || !EMAIL.test(a)) {
        check.issue(join(join(path, 'addresses'), j), 'an email address', a);
        return [];
      }
      return [a.toLowerCase()];
    });
    let entry = r.entry === undefined ? defaultEntry(id, positions) : String(r.entry);
    const entryRole = positions.find((p) => p.id === entry)?.role;
    if (r.entry !== undefined && !seen.has(entry as string)) {
      check.issue(
        join(path, 'entry'),
        'the id of one of the positions',
        r.entry,
        `add a position '${entry}' or name an existing position of role ${id}`,
      );
      entry = undefined;
    } else if (r.entry !== undefined && entryRole !== id) {
      const owner = entryRole ? `role ${entryRole}` : 'no role';
      check.issue(
        join(path, 'entry'),
        `a position of role ${id} ('<level>.${id}')`,
        r.entry,
        `'${entry}' belongs to ${owner}; name a position of ${id}, or route there with a rule`,
      );
      entry = undefined;
    } else if (entry === undefined) {
      check.issue(
        join(path, 'entry'),
        `a position for role ${id} (add a position '<level>.${id}' or name an entry position)`,
        undefined,
      );
    }
    roles.push({ id, addresses, entry: entry ?? '' });
  });

  const people: PersonModel[] = [];
  (check.list(root.people, 'people') ?? []).forEach((value, i) => {
    const path = join('people', i);
    const p = check.object(value, path, PERSON_KEYS, ['email', 'name']);
    if (!p) return;
    const email = check.string(p.email, join(path, 'email'), {
      required: true,
      pattern: EMAIL,
      expected: 'an email address',
    });
    const personName = check.string(p.name, join(path, 'name'), { required: true });
    const notify =
      p.notify === undefined
        ? {}
        : (check.object(p.notify, join(path, 'notify'), ['channels', 'digest', 'quiet_hours']) ?? {});
    const channels = (check.list(notify.channels, join(path, 'notify.channels')) ?? ['email']).filter(
      (c, j) => {
        const ok = c === 'email' || c === 'sms' || c === 'in_app';
        if (!ok) check.issue(join(join(path, 'notify.channels'), j), 'one of email, sms, in_app', c);
        return ok;
      },
    ) as string[];
    const digest =
      check.oneOf(notify.digest, join(path, 'notify.digest'), ['immediate', 'hourly', 'daily'] as const) ??
      'immediate';
    const quietHours =
      notify.quiet_hours === undefined || notify.quiet_hours === null
        ? null
        : quietHoursProblem(notify.quiet_hours);
    if (quietHours)
      check.issue(
        join(path, 'notify.quiet_hours'),
        quietHours,
        notify.quiet_hours,
        'counted in the organization time zone; leave it out for none',
      );
    if (p.phone !== undefined && (typeof p.phone !== 'string' || !/^\+?[0-9 ()-]{5,20}$/.test(p.phone))) {
      check.issue(join(path, 'phone'), "a phone number such as '+15550100' (quote it)", p.phone);
    }
    if (email && personName) {
      people.push({
        email: email.toLowerCase(),
        name: personName,
        ...(typeof p.phone === 'string' ? { phone: p.phone } : {}),
        notify: {
          channels,
          digest,
          ...(typeof notify.quiet_hours === 'string' && !quietHours
            ? { quietHours: notify.quiet_hours.trim() }
            : {}),
        },
      });
    }
  });

  const intake = checkIntake(check, root.intake, roles);

  if (check.issues.length > before) return undefined;
  const effective = effectiveParameters(
    profile
      ? {
          name: profile,
          parameters: profiles[profile],
          sources: profileSources[profile] ?? builtinSources(profile),
        }
      : null,
    overrides,
  );
  const { parameters, sources: parameterSources } = effective;
  return {
    slug: slug ?? folderSlug,
    name,
    type,
    timezone,
    profile,
    parameters,
    parameterSources,
    triage,
    positions,
    roles,
    people,
    intake,
    ...(calendar ? { calendar } : {}),
    ...(warningFraction !== undefined ? { warningFraction } : {}),
    ...(domains !== undefined ? { domains } : {}),
    file: check.file,
  };
}

/**
 * `organization.domains: [maintenance, it]`: the domain modules (folders under `domains/`) whose rule
 * files and templates apply; absent: every domain applies (undefined is returned).
 */
function checkDomains(check: Checker, raw: unknown, available: string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    check.issue('organization.domains', 'a list of domain names (folders under domains/)', raw);
    return [];
  }
  const domains: string[] = [];
  raw.forEach((entry, i) => {
    const known = available ?? [];
    if (typeof entry !== 'string' || !known.includes(entry)) {
      check.issue(
        `organization.domains[${i}]`,
        `one of the domains ${known.join(', ') || '(none: config/domains/ has no folder)'}`,
        entry,
        'add a folder config/domains/<name>/ or name an existing one',
      );
      return;
    }
    if (!domains.includes(entry)) domains.push(entry);
  });
  return domains;
}

/**
 * `intake: { block: [spam@example.com, '@junk.example'], web_form: {…}, max_attachment_bytes: 10MB,
 * allowed_attachment_types: [pdf, jpg] }`: senders whose mail is quarantined as blocked, the public
 * web intake form (`checkWebForm`), and this organization's limits for mail attachments (absent:
 * the parser's `max_attachment_bytes` and `allowed_attachment_types`).
 */
function checkIntake(check: Checker, raw: unknown, roles: RoleModel[]): IntakeModel {
  const intake: IntakeModel = { block: [] };
  if (raw === undefined || raw === null) return intake;
  const obj = check.object(raw, 'intake', INTAKE_KEYS);
  if (!obj) return intake;
  (check.list(obj.block, 'intake.block') ?? []).forEach((entry, i) => {
    if (typeof entry === 'string' && (EMAIL.test(entry.trim()) || BLOCKED_DOMAIN.test(entry.trim())))
      intake.block.push(entry.trim().toLowerCase());
    else
      check.issue(
        join('intake.block', i),
        "an address (spam@example.com) or a domain with its @ ('@example.com')",
        entry,
      );
  });
  const webForm = checkWebForm(check, obj.web_form, roles);
  if (webForm) intake.webForm = webForm;
  if (obj.max_attachment_bytes !== undefined)
    intake.maxAttachmentBytes = check.bytes(obj.max_attachment_bytes, 'intake.max_attachment_bytes', 10 * MB);
  if (obj.allowed_attachment_types !== undefined) {
    intake.allowedAttachmentTypes = (check.list(obj.allowed_attachment_types, 'intake.allowed_attachment_types') ?? []).flatMap((t, i) => {
      if (typeof t === 'string' && /^\.?[a-z0-9]{1,10}$/i.test(t.trim())) return [t.trim().replace(/^\./, '').toLowerCase()];
      check.issue(join('intake.allowed_attachment_types', i), "a file extension such as 'pdf' or 'jpg'", t);
      return [];
    });
  }
  return intake;
}

/**
 * `intake.web_form`: `true` opens the form of every role (named reports only); a mapping says
 * `roles` (`all`, or a list of role ids — the role's first address receives the reports — or role
 * addresses), `anonymous` (`false`, `true` for every open role, or a list of open roles, by id or
 * address), attachment limits and types. Absent or `false`: no web form.
 */
function checkWebForm(check: Checker, raw: unknown, declared: RoleModel[]): WebFormIntakeModel | null {
  if (raw === undefined || raw === null || raw === false) return null;
  const path = 'intake.web_form';
  const obj = raw === true ? {} : check.object(raw, path, WEB_FORM_KEYS);
  if (!obj) return null;
  const addresses: Record<string, string> = {};
  const roleList = (key: string, value: unknown, allowed: RoleModel[]): string[] => {
    if (value === undefined || value === 'all' || value === true) return allowed.map((r) => r.id);
    if (value === false) return [];
    return (check.list(value, join(path, key)) ?? []).flatMap((entry, i) => {
      const wanted = typeof entry === 'string' ? entry.trim() : '';
      const role = allowed.find((r) => r.id === wanted || r.addresses.includes(wanted.toLowerCase()));
      if (role) {
        if (key === 'roles' && role.id !== wanted) addresses[role.id] = wanted.toLowerCase();
        return [role.id];
      }
      const hint =
        key === 'anonymous'
          ? 'name a role listed under intake.web_form.roles'
          : 'name a role declared under roles, or one of its addresses';
      check.issue(
        join(join(path, key), i),
        `one of the roles ${allowed.map((r) => r.id).join(', ') || '(none)'}`,
        entry,
        hint,
      );
      return [];
    });
  };
  const roles = roleList('roles', obj.roles, declared);
  for (const id of roles) addresses[id] ??= declared.find((r) => r.id === id)?.addresses[0] ?? '';
  const anonymousRoles = roleList(
    'anonymous',
    obj.anonymous ?? false,
    declared.filter((r) => roles.includes(r.id)),
  );
  const maxAttachmentBytes = check.bytes(
    obj.max_attachment_bytes,
    join(path, 'max_attachment_bytes'),
    5 * MB,
  );
  const maxTotalBytes = check.bytes(obj.max_total_bytes, join(path, 'max_total_bytes'), 7 * MB);
  if (maxTotalBytes < maxAttachmentBytes) {
    check.issue(
      join(path, 'max_total_bytes'),
      `at least max_attachment_bytes (${maxAttachmentBytes} bytes)`,
      obj.max_total_bytes ?? maxTotalBytes,
      'raise it, or lower max_attachment_bytes',
    );
  }
  let allowedTypes: string[] | null = null;
  if (obj.allowed_types !== undefined) {
    allowedTypes = (check.list(obj.allowed_types, join(path, 'allowed_types')) ?? []).flatMap((t, i) => {
      if (typeof t === 'string' && /^\.?[a-z0-9]{1,10}$/i.test(t.trim()))
        return [t.trim().replace(/^\./, '').toLowerCase()];
      check.issue(join(join(path, 'allowed_types'), i), "a file extension such as 'pdf' or 'jpg'", t);
      return [];
    });
  }
  return { roles, addresses, anonymousRoles, maxAttachmentBytes, maxTotalBytes, allowedTypes };
}
