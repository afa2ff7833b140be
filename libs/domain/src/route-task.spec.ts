import { OrganizationDirectory } from './directory';
import type { OrganizationModel } from './organization';

import { routeTask } from './route-task';
import { planTask } from './task-plan';
import { organizationModel } from './organization-model.test-support';

const model = organizationModel({
  triage: '101.Admin.Office',
  positions: [
    { id: '1', level: 1, role: null, title: 'Principal', holders: ['p@n.example'] },
    { id: '11.Ops', level: 11, role: 'Ops', title: 'Head', holders: ['h@n.example'] },
    { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Lead', holders: ['l@n.example'] },
    { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Tech', holders: ['t@n.example'] },
    { id: '101.Admin.Office', level: 101, role: 'Admin.Office', title: 'Secretary', holders: ['s@n.example'] },
  ],
  roles: [
    { id: 'Ops.Maintenance', addresses: ['maintenance@n.example'], entry: '1001.Ops.Maintenance' },
    { id: 'Admin.Office', addresses: ['office@n.example'], entry: '101.Admin.Office' },
  ],
});
const directory = new OrganizationDirectory(model);

describe('routeTask', () => {
  it.each([
    [{ route_to: 'maintenance@n.example' }, 'office@n.example', '1001.Ops.Maintenance', 'route_to'],
    [{ route_to: 'Ops.Maintenance' }, 'office@n.example', '1001.Ops.Maintenance', 'route_to'],
    [{ route_to: '11.Ops' }, 'office@n.example', '11.Ops', 'route_to'],
    [{ label: '101.81.Ops.Maintenance' }, 'office@n.example', '101.Ops.Maintenance', 'label'],
    [{}, 'maintenance@n.example', '1001.Ops.Maintenance', 'mailbox_role'],
    [{}, 'unknown@n.example', '101.Admin.Office', 'triage'],
  ])('%j on %s → %s via %s', (action, mailbox, position, via) => {
    expect(routeTask(action, mailbox, model, directory)).toEqual({ position, via, problem: null });
  });

  it('falls back to the mailbox role and reports a route_to that names nothing', () => {
    const result = routeTask({ route_to: 'HR.Policy' }, 'maintenance@n.example', model, directory);
    expect(result).toMatchObject({ position: '1001.Ops.Maintenance', via: 'mailbox_role' });
    expect(result.problem).toMatch(/HR\.Policy/);
  });

  it('goes to the head of the organization when there is no role and no triage', () => {
    expect(routeTask({}, 'x@n.example', { ...model, triage: null }, directory)).toMatchObject({ position: '1', via: 'top' });
  });
});

describe('planTask', () => {
  it('assigns the routed position with its label, the priority and the rule reactivity', () => {
    const plan = planTask({ type: 'maintenance', route_to: 'Ops.Maintenance', priority: 'high', category: 8, escalate_after: '2 hours' }, 'office@n.example', {}, model, directory);
    expect(plan).toMatchObject({ type: 'maintenance', position: '1001.Ops.Maintenance', label: '1001.81.Ops.Maintenance', priority: 'high', level: 0, crisis: false });
    expect(plan.reactivity).toEqual({ ms: 2 * 3_600_000, source: 'rule' });
    expect(plan.chain[0]).toBe('1001.Ops.Maintenance');
  });

  it('takes the global priority table when neither rule nor organization says, and defaults to medium and general', () => {
    const profileDefault = { ...model, parameterSources: { reactivity: 'default' } as unknown as OrganizationModel['parameterSources'] };
    const plan = planTask({}, 'maintenance@n.example', { priority_escalation: { medium: '6h' } }, profileDefault, directory);
    expect(plan).toMatchObject({ type: 'general', priority: 'medium', label: '1001.11.Ops.Maintenance', visibility: model.parameters.transparency });
    expect(plan.reactivity).toEqual({ ms: 6 * 3_600_000, source: 'global_table' });
  });

  it('starts a crisis (category 9) at the top of its chain', () => {
    const plan = planTask({ route_to: 'maintenance@n.example', category: 9 }, 'office@n.example', {}, model, directory);
    expect(plan.crisis).toBe(true);
    expect(plan.position).toBe(plan.chain[plan.chain.length - 1]);
    expect(plan.level).toBe(plan.chain.length - 1);
  });

  it('marks a severity at the profile threshold as due at once', () => {
    const threshold = model.parameters.severity_threshold;
    expect(planTask({ severity: threshold }, 'office@n.example', {}, model, directory).severe).toBe(true);
    expect(planTask({}, 'office@n.example', {}, model, directory).severe).toBe(false);
  });
});

describe('routeTask with an organization-qualified route_to', () => {
  it('resolves its own organization prefix like the plain target', () => {
    expect(routeTask({ route_to: 'northside:11.Ops' }, 'office@n.example', model, directory)).toEqual({ position: '11.Ops', via: 'route_to', problem: null });
  });

  it('says another organization receives the task, and falls back here for the plan', () => {
    const route = routeTask({ route_to: 'district:11.Ops' }, 'unknown@n.example', model, directory);
    expect(route.via).toBe('triage');
    expect(route.problem).toBe("route_to 'district:11.Ops' sends the task to organization district (created there at '11.Ops'); this plan covers northside only");
  });
});
