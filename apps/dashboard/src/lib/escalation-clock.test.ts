import { describe, expect, it } from 'vitest';

import { escalationClock, humanDuration } from './escalation-clock';

const now = Date.parse('2026-12-03T10:00:00Z');
const task = (
  over: Partial<{
    status: string;
    next_due_at: string | null;
    warn_at: string | null;
    paused_remaining_ms: number | null;
    calendar: string | null;
    level: number;
  }> = {},
) => ({
  status: over.status ?? 'pending',
  broadcast: null,
  escalation: {
    level: over.level ?? 0,
    chain: ['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops'],
    reactivity_ms: 3_600_000,
    next_due_at: over.next_due_at === undefined ? '2026-12-03T10:12:00Z' : over.next_due_at,
    warn_at: over.warn_at === undefined ? '2026-12-03T10:10:00Z' : over.warn_at,
    paused_remaining_ms: over.paused_remaining_ms ?? null,
    calendar: over.calendar ?? null,
  },
});

describe('the escalation clock of a task', () => {
  it('says how long until the next step, and turns urgent once the warning time passed', () => {
    expect(escalationClock(task(), now)).toEqual({ text: 'escalates in 12 min', tone: 'calm' });
    expect(escalationClock(task({ warn_at: '2026-12-03T09:59:00Z' }), now).tone).toBe('soon');
  });

  it('names business hours when a calendar counts the step, and says when the top of the chain is only due', () => {
    expect(
      escalationClock(task({ calendar: 'organization', next_due_at: '2026-12-04T14:00:00Z' }), now).text,
    ).toBe('escalates in 1 d 4 h (business hours)');
    expect(escalationClock(task({ level: 2 }), now).text).toBe('due in 12 min');
  });

  it('shows a breach as late, a paused clock on hold, and nothing for closed tasks', () => {
    expect(escalationClock(task({ next_due_at: '2026-12-03T09:55:00Z' }), now)).toEqual({
      text: 'escalation due 5 min ago',
      tone: 'late',
    });
    expect(escalationClock(task({ status: 'on_hold', paused_remaining_ms: 1_800_000 }), now)).toEqual({
      text: 'paused on hold, 30 min left',
      tone: 'none',
    });
    expect(escalationClock(task({ status: 'completed' }), now).text).toBe('closed');
    expect(escalationClock(task({ next_due_at: null }), now).text).toBe('no escalation by time');
  });

  it('writes durations with their two largest units', () => {
    expect(humanDuration(20_000)).toBe('20 s');
    expect(humanDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(humanDuration(2 * 86_400_000)).toBe('2 d');
  });
});
