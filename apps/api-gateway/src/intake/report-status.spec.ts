import type { TaskSnapshotV1, TaskTimelineEntryV1 } from '@orgo/contracts';

import { reporterView } from './report-status';

const task = { key: 'HL-3', status: 'in_progress', reporter: 'Anon-2', updated_at: '2026-12-03T10:00:00.000Z', assignee: { position: '101.HR.Policy', person: 'officer@harbor.example' } } as TaskSnapshotV1;
const entry = (type: string, at: string, actor: string, data: Record<string, unknown> = {}): TaskTimelineEntryV1 => ({ id: at, type, at, actor, data });

describe('reporterView', () => {
  it('shows the status, the key, status changes and the reporter’s own follow-ups — nothing of the staff', () => {
    const view = reporterView('2026-12-03T09:00:00.000Z', 'received', task, [
      entry('created', '2026-12-03T09:00:01.000Z', 'rule-engine'),
      entry('routed', '2026-12-03T09:00:01.000Z', 'rule-engine', { position: '101.HR.Policy' }),
      entry('notified', '2026-12-03T09:00:02.000Z', 'notifier', { recipients: ['officer@harbor.example'] }),
      entry('reply_received', '2026-12-03T09:10:00.000Z', 'Anon-2', { text: 'It happened again.' }),
      entry('reply_received', '2026-12-03T09:20:00.000Z', 'officer@harbor.example', { text: 'Olive here, on it' }),
      entry('commented', '2026-12-03T09:21:00.000Z', 'officer@harbor.example', { text: 'internal note' }),
      entry('status_changed', '2026-12-03T09:20:00.000Z', 'officer@harbor.example', { from: 'pending', to: 'in_progress', reason: 'accepted by email reply' }),
    ]);
    expect(view).toEqual({
      status: 'in_progress',
      task_key: 'HL-3',
      updated_at: '2026-12-03T10:00:00.000Z',
      updates: [
        { at: '2026-12-03T09:00:00.000Z', kind: 'status', text: 'received' },
        { at: '2026-12-03T09:00:01.000Z', kind: 'status', text: 'pending' },
        { at: '2026-12-03T09:10:00.000Z', kind: 'reply', text: 'It happened again.' },
        { at: '2026-12-03T09:20:00.000Z', kind: 'status', text: 'in_progress' },
      ],
    });
    expect(JSON.stringify(view)).not.toMatch(/officer|Olive|101\.HR|internal/);
  });

  it('says received, quarantined or ignored while there is no task', () => {
    expect(reporterView('2026-12-03T09:00:00.000Z', 'received', null, [])).toEqual({ status: 'received', updated_at: '2026-12-03T09:00:00.000Z', updates: [{ at: '2026-12-03T09:00:00.000Z', kind: 'status', text: 'received' }] });
    expect(reporterView('2026-12-03T09:00:00.000Z', 'quarantined', null, []).status).toBe('quarantined');
  });
});
