import { type BusinessCalendar, addBusinessTime, businessTimeBetween } from './business-calendar';
import type { OrganizationModel } from './organization';

/** SPEC §6: the assignee is warned before a breach, by default at 80 % of the reactivity time. */
export const DEFAULT_WARNING_FRACTION = 0.8;

/** The calendar a position's clock counts in, and its name as the task shows it. */
export interface ClockCalendar {
  /** `organization`, the position's id (its own calendar), or null: round the clock. */
  name: string | null;
  calendar: BusinessCalendar | null;
}

/** A running step of the escalation clock: when it breaches and when the assignee is warned. */
export interface ClockTimes {
  dueAt: Date;
  /** Null when no warning is due: a zero reactivity, warnings off, or the warning time already spent. */
  warnAt: Date | null;
}

/**
 * The calendar that counts a position's reactivity (SPEC §6 Business hours): the position's own
 * (`calendar: always` is round the clock even when the organization has one), else the
 * organization's, else round the clock.
 */
export function positionCalendar(model: Pick<OrganizationModel, 'calendar' | 'positions'>, positionId: string): ClockCalendar {
  const own = model.positions.find((p) => p.id === positionId)?.calendar;
  if (own === 'always') return { name: null, calendar: null };
  if (own) return { name: positionId, calendar: own };
  return model.calendar ? { name: 'organization', calendar: model.calendar } : { name: null, calendar: null };
}

/** The organization's warning fraction: its configured one, else 80 %; null when warnings are off. */
export function warningFraction(model: Pick<OrganizationModel, 'warningFraction'>): number | null {
  return model.warningFraction === undefined ? DEFAULT_WARNING_FRACTION : model.warningFraction;
}

/**
 * Starts a step: due after `reactivityMs` of business time from `now`, warned at `fraction` of it.
 * A zero reactivity is due at once and never warned.
 */
export function startClock(now: Date, reactivityMs: number, calendar: BusinessCalendar | null, fraction: number | null = DEFAULT_WARNING_FRACTION): ClockTimes {
  return resumeClock(now, reactivityMs, reactivityMs, calendar, fraction);
}

/** Pauses a step (`on_hold`): the business time left until it was due (never negative). */
export function pauseClock(now: Date, dueAt: Date, calendar: BusinessCalendar | null): number {
  return businessTimeBetween(now, dueAt, calendar);
}

/**
 * Resumes a paused step with the business time it had left: due when that is spent; warned when
 * `fraction` of the whole reactivity time is spent, unless that moment passed before the pause.
 */
export function resumeClock(now: Date, remainingMs: number, reactivityMs: number, calendar: BusinessCalendar | null, fraction: number | null = DEFAULT_WARNING_FRACTION): ClockTimes {
  const remaining = Math.max(0, Math.min(remainingMs, reactivityMs));
  const dueAt = addBusinessTime(now, remaining, calendar);
  if (reactivityMs <= 0 || fraction === null) return { dueAt, warnAt: null };
  const untilWarning = remaining - Math.round(reactivityMs * (1 - fraction));
  return { dueAt, warnAt: untilWarning > 0 ? addBusinessTime(now, untilWarning, calendar) : null };
}
