import { describe, expect, it } from 'vitest';

import type { Task } from '../api/types';
import { breachesSince, dailyCounts, openByPosition, startOfWeek } from './load-figures';

const task = (over: Partial<Task>): Task =>
  ({
    status: 'pending',
    created_at: '2026-12-02T09:00:00Z',
    updated_at: '2026-12-02T09:00:00Z',
    assignee: { position: '1001.Ops.Maintenance', person: null },
    ...over,
  }) as Task;

describe('the figures of the load view', () => {
  it('counts created, resolved and escalated per day, with empty days kept', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const rows = dailyCounts(
      [task({}), task({ status: 'completed', updated_at: '2026-12-03T08:00:00Z' })],
      [{ at: '2026-12-03T07:00:00Z' }, { at: '2026-11-01T07:00:00Z' }],
      3,
      now,
    );
    expect(rows).toEqual([
      { day: '2026-12-01', created: 0, resolved: 0, escalated: 0 },
      { day: '2026-12-02', created: 2, resolved: 0, escalated: 0 },
      { day: '2026-12-03', created: 0, resolved: 1, escalated: 1 },
    ]);
  });

  it('counts breaches since Monday, leaving manual escalations out', () => {
    const monday = startOfWeek(new Date('2026-12-03T12:00:00Z'));
    expect(monday.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    // As the audit log keeps a task event: its data under details.data.
    const entry = (at: string, reason: string) => ({
      at,
      details: {
        key: 'NS-1',
        event: 'escalated',
        data: { from: '1001.Ops.Maintenance', to: '101.Ops.Maintenance', reason },
      },
    });
    expect(
      breachesSince(
        [
          entry('2026-12-01T00:00:00Z', 'reactivity_elapsed'),
          entry('2026-12-01T00:00:00Z', 'manual'),
          entry('2026-12-02T00:00:00Z', 'crisis'),
          entry('2026-11-29T00:00:00Z', 'reactivity_elapsed'),
        ],
        monday,
      ),
    ).toBe(1);
  });

  it('ranks positions by open tasks', () => {
    const rows = openByPosition([
      task({}),
      task({ status: 'escalated', assignee: { position: '101.Ops.Maintenance', person: null } }),
      task({}),
    ]);
    expect(rows).toEqual([
      { position: '1001.Ops.Maintenance', level: 1001, open: 2, escalated: 0 },
      { position: '101.Ops.Maintenance', level: 101, open: 1, escalated: 1 },
    ]);
  });
});
