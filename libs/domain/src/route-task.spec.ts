import { OrganizationDirectory } from './directory';
import type { OrganizationModel } from './organization';
import { BUILTIN_PROFILES } from './profiles';

import { routeTask } from './route-task';

const model: OrganizationModel = {
  slug: 'northside',
  name: 'Northside School',
  type: 'school',
  timezone: 'America/Toronto',
  profile: 'advocacy_group',
  parameters: BUILTIN_PROFILES.advocacy_group,
  parameterSources: {} as OrganizationModel['parameterSources'],
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
  people: [],
  file: 'organizations/northside/organization.yaml',
};
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
