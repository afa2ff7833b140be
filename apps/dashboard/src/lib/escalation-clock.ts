import type { Task } from '../api/types';

/** What a task's clock says: a sentence and how urgent it is (for its colour). */
export interface ClockReading {
  text: string;
  tone: 'calm' | 'soon' | 'late' | 'none';
}

/** "12 min", "3 h 5 min", "2 d 4 h": the largest two units of a duration. */
export function humanDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const CLOSED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The clock of a task at `now`. The server computes `next_due_at` in the step's business time
 * (SPEC §6), so the wall time until it is what is left; where a business calendar counts, the
 * reading says so (a deadline may lie after a night or a weekend). On hold, the clock is paused
 * with the time left on the step.
 */
export function escalationClock(
  task: Pick<Task, 'status' | 'escalation' | 'broadcast'>,
  now: number,
): ClockReading {
  if (CLOSED.has(task.status)) return { text: 'closed', tone: 'none' };
  const { next_due_at, warn_at, paused_remaining_ms, calendar, chain, level } = task.escalation;
  if (task.status === 'on_hold') {
    return {
      text:
        paused_remaining_ms !== null
          ? `paused on hold, ${humanDuration(paused_remaining_ms)} left`
          : 'paused on hold',
      tone: 'none',
    };
  }
  if (!next_due_at)
    return { text: task.broadcast ? 'broadcast: does not escalate' : 'no escalation by time', tone: 'none' };
  const due = Date.parse(next_due_at);
  const business = calendar ? ' (business hours)' : '';
  const top = level >= chain.length - 1;
  if (due <= now)
    return {
      text: top
        ? `overdue by ${humanDuration(now - due)}, top of its chain`
        : `escalation due ${humanDuration(now - due)} ago`,
      tone: 'late',
    };
  const soon = warn_at !== null && Date.parse(warn_at) <= now;
  return {
    text: `${top ? 'due' : 'escalates'} in ${humanDuration(due - now)}${business}`,
    tone: soon ? 'soon' : 'calm',
  };
}
