import type { TaskEventV1 } from '@orgo/contracts';
import { BUILTIN_PROFILES, type OrganizationModel } from '@orgo/domain';
import { SAMPLE_CONTEXTS } from '@orgo/notifications';

import { planForEvent } from './notification-plan';

const model = (scope: 'individual' | 'team' | 'department' | 'organization'): OrganizationModel =>
  ({
    slug: 'northside',
    name: 'Northside School',
    timezone: 'UTC',
    parameters: { ...BUILTIN_PROFILES.hospital, notification_scope: scope },
    positions: [
      { id: '1', level: 1, role: null, title: 'Principal', holders: ['principal@northside.example'] },
      { id: '11.Ops', level: 11, role: 'Ops', title: 'Operations head', holders: ['ops@northside.example'] },
      { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Maintenance lead', holders: ['jane@northside.example', 'joe@northside.example'] },
    ],
    people: [],
    roles: [],
  }) as unknown as OrganizationModel;

const sample = SAMPLE_CONTEXTS.assigned;
const eventOf = (type: string, data: Record<string, unknown> = {}, task: Partial<TaskEventV1['task']> = {}): TaskEventV1 => ({
  task: { ...sample.task, assignee: { position: '101.Ops.Maintenance', person: null }, escalation: { ...sample.task.escalation, chain: ['101.Ops.Maintenance', '11.Ops', '1'] }, broadcast: null, reporter: 'Parent@Families.example', ...task },
  event: { id: 'e1', type, at: '2026-11-24T09:30:00.000Z', actor: 'task-service', data },
  assigneeHolders: ['jane@northside.example', 'joe@northside.example'],
  previous: null,
  organizationName: 'Northside School',
});
const people = (plan: { addressees: { person: string }[] }) => plan.addressees.map((a) => a.person);

describe('planForEvent', () => {
  it('tells the audience of the notification scope about a new task', () => {
    expect(people(planForEvent(eventOf('created'), model('team'), false)[0])).toEqual(['jane@northside.example', 'joe@northside.example']);
    expect(people(planForEvent(eventOf('created'), model('department'), false)[0])).toEqual(['jane@northside.example', 'joe@northside.example', 'ops@northside.example']);
    expect(people(planForEvent(eventOf('created', {}, { assignee: { position: '101.Ops.Maintenance', person: 'joe@northside.example' } }), model('individual'), false)[0])).toEqual(['joe@northside.example']);
  });

  it('keeps one addressee per tier recipient of a broadcast, with their position', () => {
    const broadcast = { level: 100, role: null, recipients: [{ position: '11.Ops', person: 'ops@northside.example', notification: 'queued' as const }] };
    const [plan] = planForEvent(eventOf('created', {}, { broadcast }), model('team'), false);
    expect(plan.addressees).toEqual([{ person: 'ops@northside.example', position: '11.Ops', about: '11.Ops' }]);
  });

  it('acknowledges to the reporter by email when the created event asks for it, with the named template', () => {
    const plans = planForEvent(eventOf('created', { acknowledgement: { send: true, template: 'acknowledgement_hr' } }), model('team'), false);
    expect(plans[1]).toMatchObject({ purpose: 'acknowledgement', template: 'acknowledgement_hr', emailOnly: true, addressees: [{ person: 'parent@families.example' }] });
    expect(planForEvent(eventOf('created', { acknowledgement: { send: false, reason: 'auto-reply' } }), model('team'), false)).toHaveLength(1);
  });

  it('alerts the holders of the top of the chain when escalation ends', () => {
    const [plan] = planForEvent(eventOf('escalation_ended'), model('team'), false);
    expect(plan).toMatchObject({ purpose: 'escalation_ended', addressees: [{ person: 'principal@northside.example', about: '1' }] });
  });

  it('warns the recipients the event names', () => {
    expect(planForEvent(eventOf('breach_warning', { recipients: ['Jane@northside.example'] }), model('team'), false)[0]).toMatchObject({ purpose: 'warning', addressees: [{ person: 'jane@northside.example' }] });
    expect(planForEvent(eventOf('time_rule_fired', { recipients: ['ops@northside.example'], rule: 'r' }), model('team'), false)[0].purpose).toBe('time_rule');
    expect(planForEvent(eventOf('escalation_warning', {}), model('team'), false)[0]).toMatchObject({ addressees: [], nobodyBecause: expect.stringContaining('names no recipients') });
  });

  it('tells the reporter of a completed task only when they were acknowledged', () => {
    expect(planForEvent(eventOf('status_changed', { from: 'in_progress', to: 'completed' }), model('team'), true)[0]).toMatchObject({ purpose: 'resolved', addressees: [{ person: 'parent@families.example' }] });
    expect(planForEvent(eventOf('status_changed', { from: 'in_progress', to: 'completed' }), model('team'), false)).toEqual([]);
    expect(planForEvent(eventOf('status_changed', { from: 'pending', to: 'in_progress' }), model('team'), true)).toEqual([]);
  });

  it('says why nobody is told when a position has no holders', () => {
    const [plan] = planForEvent({ ...eventOf('created', {}, { assignee: { position: '102.Ops.Empty', person: null } }), assigneeHolders: [] }, model('team'), false);
    expect(plan).toMatchObject({ addressees: [], nobodyBecause: 'position 102.Ops.Empty has no holders to notify' });
  });
});
