import type { NotificationPurpose, TaskSnapshotV1, TaskTimelineEntryV1 } from '@orgo/contracts';

import { attachmentLinks } from './attachment-links';
import type { NotificationContext } from './notification-context';

/** A realistic task, as a task event carries it: a water leak routed to the maintenance technicians of a school. */
const task: TaskSnapshotV1 = {
  id: '0b6d7f2e-5c1a-4e8b-9a3d-2f7c1e4b6a90',
  key: 'NS-1042',
  organization: 'northside',
  type: 'maintenance',
  subtype: 'plumbing',
  category: 8,
  subcategory: 1,
  label: '1001.81.Ops.Maintenance',
  title: 'Water leak in room 102',
  description: 'Water is dripping from the ceiling above the second row of desks. We put a bucket under it.',
  status: 'pending',
  priority: 'high',
  severity: 'major',
  assignee: { position: '1001.Ops.Maintenance', person: null },
  suggested_position: null,
  reporter: 'secretary@northside.example',
  sensitive: false,
  visibility: 'department',
  tags: ['building-a'],
  metadata: {},
  escalation: {
    level: 0,
    chain: ['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1'],
    reactivity_ms: 12 * 3_600_000,
    next_due_at: '2026-11-24T21:30:00.000Z',
    warn_at: '2026-11-24T19:06:00.000Z',
    paused_remaining_ms: null,
    calendar: null,
  },
  broadcast: null,
  source: {
    organization: null,
    email_id: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
    mailbox: 'maintenance@northside.example',
    message_id: '<CAF1042@mail.northside.example>',
    received_at: '2026-11-24T09:30:00.000Z',
  },
  links: { merged_into: null, merged: [], split_from: null, split_into: [] },
  attachments: [
    { id: '5f0c2a4e-1b7d-4c3e-8a9f-6d2e4b1c7a30', name: 'ceiling-102.jpg', size: 184_320, type: 'image/jpeg', source: 'email', sha256: '3b'.repeat(32) },
    { id: '8e1d3b5f-2c8e-4d4f-9b0a-7e3f5c2d8b41', name: 'leak-protocol.pdf', size: 52_114, type: 'application/pdf', source: 'rule', sha256: '7c'.repeat(32) },
  ],
  created_at: '2026-11-24T09:30:02.000Z',
  updated_at: '2026-11-24T09:30:02.000Z',
  version: 1,
};

let entries = 0;

function entry(type: string, at: string, actor: string, data: Record<string, unknown> = {}): TaskTimelineEntryV1 {
  entries += 1;
  return { id: `7a1c9e2b-0d3f-4c5a-8b6e-${String(entries).padStart(12, '0')}`, type, at, actor, data };
}

function context(overrides: Partial<NotificationContext> & Pick<NotificationContext, 'event'>): NotificationContext {
  return {
    task,
    organization: 'Northside School',
    position: '1001.Ops.Maintenance',
    previous: { position: '', label: '' },
    recipient: 'bob@northside.example',
    due_at: task.escalation.next_due_at,
    attachments: attachmentLinks(task, 'https://orgo.northside.example'),
    ...overrides,
  };
}

const escalatedTask: TaskSnapshotV1 = {
  ...task,
  status: 'escalated',
  label: '101.81.Ops.Maintenance',
  assignee: { position: '101.Ops.Maintenance', person: null },
  escalation: { ...task.escalation, level: 1, next_due_at: '2026-11-25T09:30:00.000Z', warn_at: '2026-11-25T07:06:00.000Z' },
  version: 3,
};

const topTask: TaskSnapshotV1 = {
  ...task,
  status: 'escalated',
  label: '1.81',
  assignee: { position: '1', person: null },
  escalation: { ...task.escalation, level: 3, next_due_at: null, warn_at: null },
  version: 7,
};

const resolvedTask: TaskSnapshotV1 = {
  ...task,
  status: 'completed',
  assignee: { position: '1001.Ops.Maintenance', person: 'bob@northside.example' },
  escalation: { ...task.escalation, next_due_at: null, warn_at: null },
  version: 5,
};

/**
 * Sample data for every purpose: what `orgo config check` renders each template with, and what a
 * template author can rely on (SPEC §6 notifications). A digest gathers several tasks: its templates
 * are checked (and rendered by the notifier) without `task`, with `items`.
 */
export const SAMPLE_CONTEXTS: Record<NotificationPurpose, NotificationContext> = {
  assigned: context({ event: entry('created', task.created_at, 'system') }),
  escalated: context({
    task: escalatedTask,
    position: '101.Ops.Maintenance',
    previous: { position: '1001.Ops.Maintenance', label: '1001.81.Ops.Maintenance' },
    event: entry('escalated', '2026-11-24T21:30:00.000Z', 'escalation-scheduler', { reason: 'reactivity time elapsed', from: '1001.Ops.Maintenance', to: '101.Ops.Maintenance' }),
    recipient: 'jane@northside.example',
    due_at: escalatedTask.escalation.next_due_at,
  }),
  escalation_ended: context({
    task: topTask,
    position: '1',
    previous: { position: '11.Ops', label: '11.81.Ops' },
    event: entry('escalation_ended', '2026-11-26T09:30:00.000Z', 'escalation-scheduler', { reason: 'top of the escalation chain' }),
    recipient: 'principal@northside.example',
    due_at: null,
  }),
  escalation_warning: context({
    position: '101.Ops.Maintenance',
    event: entry('escalation_warning', '2026-11-24T21:30:00.000Z', 'escalation-scheduler', { reason: 'reactivity time elapsed', next: '101.Ops.Maintenance' }),
    recipient: 'jane@northside.example',
    due_at: null,
  }),
  warning: context({ event: entry('breach_warning', '2026-11-24T19:06:00.000Z', 'escalation-scheduler', { due_at: task.escalation.next_due_at }) }),
  resolved: context({
    task: resolvedTask,
    event: entry('status_changed', '2026-11-24T14:12:00.000Z', 'bob@northside.example', { from: 'in_progress', to: 'completed' }),
    recipient: 'secretary@northside.example',
    due_at: null,
  }),
  acknowledgement: context({
    event: entry('created', task.created_at, 'system'),
    recipient: 'secretary@northside.example',
  }),
  time_rule: context({
    event: entry('time_rule_fired', '2026-11-24T17:30:00.000Z', 'escalation-scheduler', { rule: 'leak_unanswered_8h' }),
    rule: 'leak_unanswered_8h',
  }),
  digest: context({
    position: '101.Ops.Maintenance',
    event: entry('digest', '2026-11-25T13:00:00.000Z', 'notifier'),
    recipient: 'jane@northside.example',
    items: [
      { key: 'NS-1042', label: '1001.81.Ops.Maintenance', title: 'Water leak in room 102', purpose: 'assigned', at: '2026-11-24T09:30:02.000Z' },
      { key: 'NS-1043', label: '101.11.Ops.Maintenance', title: 'Broken window latch, gym', purpose: 'escalated', at: '2026-11-24T22:10:00.000Z' },
      { key: 'NS-1037', label: '1001.81.Ops.Maintenance', title: 'Heating off in the library', purpose: 'resolved', at: '2026-11-25T07:45:00.000Z' },
    ],
  }),
  review_report: context({
    position: '11.Ops',
    event: entry('review_completed', '2026-12-01T05:00:05.000Z', 'escalation-scheduler'),
    recipient: 'principal@northside.example',
    due_at: null,
    review: {
      id: '5d2a7c1e-9b3f-4e6a-8c0d-1f2e3a4b5c6d',
      period: 'month',
      period_start: '2026-11-01T04:00:00.000Z',
      period_end: '2026-12-01T05:00:00.000Z',
      subject: '[Review · month 2026-11-01] Northside School: 1 pattern, 14 new',
      totals: { new: 14, resolved: 11, unresolved: 3, critical: 1, escalated: 2, stuck: 1 },
      patterns: [
        { cluster: 'maintenance/slip_hazard/location:lobby', shared: 'location:lobby', cases: 4, responsible: '11.Ops', outcome: 'opened', investigation: '8e4f1a2b-3c5d-4e6f-9a0b-1c2d3e4f5a6b' },
      ],
    },
  }),
};

/**
 * The same purpose with every optional field empty: no subtype, no severity, no deadline, no
 * previous assignment, no items. A template that outputs one of these unguarded fails on it, as it
 * would for such a task.
 */
export function sparseContext(base: NotificationContext): NotificationContext {
  return {
    ...base,
    ...(base.task ? { task: { ...base.task, subtype: null, severity: null, description: '', escalation: { ...base.task.escalation, next_due_at: null, warn_at: null } } } : {}),
    due_at: null,
    attachments: [],
    ...(base.items ? { items: [] } : {}),
  };
}
