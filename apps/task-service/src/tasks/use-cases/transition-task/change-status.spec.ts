import type { BusinessCalendar, OpeningInterval, PositionClock } from '@orgo/domain';

import type { TaskEntity } from '../../entities/task.entity';
import { changeStatus } from './change-status';

const MIN = 60_000;
const nineToSix: OpeningInterval = [9 * 60, 18 * 60];
const office: BusinessCalendar = { timezone: 'America/Toronto', week: [[nineToSix], [nineToSix], [nineToSix], [nineToSix], [nineToSix], [], []], holidays: [] };
const clock: PositionClock = { calendar: { name: 'organization', calendar: office }, fraction: 0.8 };

/** A task created Friday 17:55 (Toronto) with 10 minutes: due Monday 09:05, warned 09:03. */
function task(overrides: Partial<TaskEntity> = {}): TaskEntity {
  return {
    status: 'pending',
    assigneePerson: null,
    suggestedPosition: null,
    reactivityMs: 10 * MIN,
    nextDueAt: '2026-11-30T14:05:00.000Z',
    warnAt: '2026-11-30T14:03:00.000Z',
    pausedRemainingMs: null,
    calendar: 'organization',
    version: 1,
    ...overrides,
  } as TaskEntity;
}

describe('changeStatus and the escalation clock', () => {
  it('keeps the business time left on hold and resumes with it', () => {
    const t = task();
    // On hold Friday 17:57: 8 minutes left (3 more on Friday, 5 on Monday).
    const held = changeStatus(t, 'on_hold', 'tech@office.example', 'waiting for a part', new Date('2026-11-27T22:57:00Z'), clock);
    expect(t).toMatchObject({ status: 'on_hold', nextDueAt: null, warnAt: null, pausedRemainingMs: 8 * MIN, calendar: 'organization' });
    expect(held.data).toMatchObject({ from: 'pending', to: 'on_hold', paused_remaining_ms: 8 * MIN });
    // Resumed Monday 10:00: due 10:08; the warning after 8 of 10 minutes is 6 minutes in.
    const resumed = changeStatus(t, 'in_progress', 'tech@office.example', null, new Date('2026-11-30T15:00:00Z'), clock);
    expect(t).toMatchObject({ status: 'in_progress', nextDueAt: '2026-11-30T15:08:00.000Z', warnAt: '2026-11-30T15:06:00.000Z', pausedRemainingMs: null, assigneePerson: 'tech@office.example' });
    expect(resumed.data).toMatchObject({ due_at: '2026-11-30T15:08:00.000Z', calendar: 'organization' });
  });

  it('clears the clock on a terminal status, also while on hold', () => {
    const t = task({ status: 'on_hold', nextDueAt: null, warnAt: null, pausedRemainingMs: 4 * MIN });
    changeStatus(t, 'cancelled', 'tech@office.example', null, new Date('2026-11-30T15:00:00Z'), clock);
    expect(t).toMatchObject({ nextDueAt: null, warnAt: null, pausedRemainingMs: null, calendar: null });
  });

  it('leaves the clock alone between running statuses', () => {
    const t = task();
    changeStatus(t, 'in_progress', 'tech@office.example', null, new Date('2026-11-30T14:01:00Z'), clock);
    expect(t).toMatchObject({ nextDueAt: '2026-11-30T14:05:00.000Z', warnAt: '2026-11-30T14:03:00.000Z' });
  });

  it('starts no clock when a task waiting for its route to be confirmed leaves hold', () => {
    const t = task({ status: 'on_hold', suggestedPosition: '1001.Ops.Repairs', nextDueAt: null, warnAt: null, calendar: null });
    changeStatus(t, 'pending', 'desk@office.example', null, new Date('2026-11-30T15:00:00Z'), clock);
    expect(t).toMatchObject({ nextDueAt: null, warnAt: null, pausedRemainingMs: null });
  });
});
