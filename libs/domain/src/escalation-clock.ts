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

/** What a position's clock counts with: its calendar and the organization's warning share. */
export interface PositionClock {
  calendar: ClockCalendar;
  fraction: number | null;
}

export function positionClock(model: Pick<OrganizationModel, 'calendar' | 'positions' | 'warningFraction'>, positionId: string): PositionClock {
  return { calendar: positionCalendar(model, positionId), fraction: warningFraction(model) };
}

/** The escalation clock as a task stores it (ISO times): what the snapshot's `escalation` shows. */
export interface TaskClockState {
  nextDueAt: string | null;
  warnAt: string | null;
  pausedRemainingMs: number | null;
  calendar: string | null;
}

/** No clock: a task that is done, waits for a person to confirm its route, or topped its chain. */
export const CLOCK_STOPPED: Readonly<TaskClockState> = Object.freeze({ nextDueAt: null, warnAt: null, pausedRemainingMs: null, calendar: null });

function running(times: ClockTimes, clock: PositionClock): TaskClockState {
  return { nextDueAt: times.dueAt.toISOString(), warnAt: times.warnAt?.toISOString() ?? null, pausedRemainingMs: null, calendar: clock.calendar.name };
}

/** A step starts with its whole reactivity time (null: no clock; 0: due at once). */
export function clockStarted(now: Date, reactivityMs: number | null, clock: PositionClock): TaskClockState {
  if (reactivityMs === null) return { ...CLOCK_STOPPED };
  return running(startClock(now, reactivityMs, clock.calendar.calendar, clock.fraction), clock);
}

/** The task goes on hold: the clock stops and keeps the business time left (null when no clock ran). */
export function clockPaused(now: Date, state: TaskClockState, clock: PositionClock): TaskClockState {
  const remaining = state.nextDueAt ? pauseClock(now, new Date(state.nextDueAt), clock.calendar.calendar) : null;
  return { nextDueAt: null, warnAt: null, pausedRemainingMs: remaining, calendar: state.nextDueAt ? clock.calendar.name : null };
}

/** The task leaves hold: the clock restarts with the time that was left (`remainingMs`), never the whole time again. */
export function clockResumed(now: Date, remainingMs: number | null, reactivityMs: number | null, clock: PositionClock): TaskClockState {
  if (reactivityMs === null || remainingMs === null) return { ...CLOCK_STOPPED };
  return running(resumeClock(now, remainingMs, reactivityMs, clock.calendar.calendar, clock.fraction), clock);
}
