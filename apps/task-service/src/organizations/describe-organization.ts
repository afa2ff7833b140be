import type { BusinessCalendarV1, OrganizationParameterV1, OrganizationViewV1 } from '@orgo/contracts';
import {
  type BusinessCalendar,
  type OrganizationDirectory,
  type OrganizationModel,
  PROFILE_PARAMETER_KEYS,
  WEEKDAYS,
  warningFraction,
} from '@orgo/domain';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A calendar as the API shows it: `09:00-18:00` intervals per weekday, holidays. */
function describeCalendar(calendar: BusinessCalendar): BusinessCalendarV1 {
  return {
    timezone: calendar.timezone,
    hours: Object.fromEntries(WEEKDAYS.map((day, i) => [day, calendar.week[i].map(([from, to]) => `${hhmm(from)}-${hhmm(to)}`)])),
    holidays: calendar.holidays.map((h) => ({ ...h })),
  };
}

/**
 * An organization as the API shows it (SPEC §7 `GET /organizations/{slug}`): the effective value of
 * each of the ten parameters with where it came from, the roles, and every position with its
 * holders, whom it reports to (explicit or derived), its escalation chain and the calendar its
 * tasks' reactivity counts in.
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
      calendar_source: p.calendar === 'always' ? 'always' : p.calendar ? 'own' : 'organization',
      ...(p.calendar && p.calendar !== 'always' ? { calendar: describeCalendar(p.calendar) } : {}),
    })),
    calendar: model.calendar ? describeCalendar(model.calendar) : null,
    warn_at: warningFraction(model),
  };
}
