import { broadcastAddressesReaching, broadcastRecipients, broadcastTierRange, inBroadcastTier } from './broadcast';
import { OrganizationDirectory } from './directory';
import type { OrganizationModel } from './organization';
import { planTask } from './task-plan';
import { canSeeTask, visibleAssignees } from './visibility';
import { organizationModel } from './organization-model.test-support';

const model = organizationModel({
  triage: '101.Admin.Office',
  positions: [
    { id: '1', level: 1, role: null, title: 'Principal', holders: ['p@n.example'] },
    { id: '2', level: 2, role: null, title: 'Vice principal', holders: ['vp@n.example'] },
    { id: '11.Ops', level: 11, role: 'Ops', title: 'Head of operations', holders: ['h@n.example', 'h2@n.example'] },
    { id: '12.HR', level: 12, role: 'HR', title: 'Head of HR', holders: ['hr@n.example'] },
    { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Lead', holders: ['l@n.example'] },
    { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Tech', holders: ['t@n.example', 'u@n.example'] },
    { id: '101.Admin.Office', level: 101, role: 'Admin.Office', title: 'Secretary', holders: ['s@n.example'] },
  ],
  roles: [
    { id: 'Ops.Maintenance', addresses: ['maintenance@n.example'], entry: '1001.Ops.Maintenance' },
    { id: 'Admin.Office', addresses: ['office@n.example'], entry: '101.Admin.Office' },
  ],
});
const directory = new OrganizationDirectory(model);

describe('broadcast tiers', () => {
  it.each([
    [10, 1, 9],
    [100, 11, 99],
    [1000, 101, 999],
    [10000, 1001, 9999],
  ])('broadcast level %i addresses levels %i–%i', (level, min, max) => {
    expect(broadcastTierRange(level)).toEqual({ min, max });
    expect([min - 1, min, max, max + 1].map((l) => inBroadcastTier(level, l))).toEqual([false, true, true, false]);
  });

  it('refuses a level that is not a broadcast level', () => {
    expect(() => broadcastTierRange(11)).toThrow(/not a broadcast level/);
  });

  it('reaches every holder of every position of the tier, one entry per holder', () => {
    expect(broadcastRecipients(model, 100)).toEqual([
      { position: '11.Ops', person: 'h@n.example' },
      { position: '11.Ops', person: 'h2@n.example' },
      { position: '12.HR', person: 'hr@n.example' },
    ]);
    expect(broadcastRecipients(model, 10).map((r) => r.person)).toEqual(['p@n.example', 'vp@n.example']);
    expect(broadcastRecipients(model, 1000).map((r) => r.position)).toEqual(['101.Admin.Office', '101.Ops.Maintenance']);
  });

  it('narrows to the role line when a role is named (the role, its sub-roles, the roles containing it)', () => {
    expect(broadcastRecipients(model, 100, 'Ops.Maintenance')).toEqual([
      { position: '11.Ops', person: 'h@n.example' },
      { position: '11.Ops', person: 'h2@n.example' },
    ]);
    expect(broadcastRecipients(model, 1000, 'Ops').map((r) => r.position)).toEqual(['101.Ops.Maintenance']);
  });
});

describe('planTask with a broadcast', () => {
  it('labels the task with the broadcast level, assigns it to the tier, and never escalates it by time', () => {
    const plan = planTask({ broadcast: 100, category: 6, subcategory: 5 }, 'office@n.example', { escalate_after: '1h' }, model, directory);
    expect(plan.label).toBe('100.65');
    expect(plan.position).toBe('100');
    expect(plan.chain).toEqual(['100']);
    expect(plan.reactivity).toBeNull();
    expect(plan.route.via).toBe('broadcast');
    expect(plan.broadcast?.recipients).toHaveLength(3);
  });

  it('carries the role a route_to names in the label and the address', () => {
    const plan = planTask({ broadcast: 1000, category: 6, subcategory: 5, route_to: 'maintenance@n.example' }, 'office@n.example', {}, model, directory);
    expect(plan.label).toBe('1000.65.Ops.Maintenance');
    expect(plan.position).toBe('1000.Ops.Maintenance');
    expect(plan.broadcast).toEqual({ level: 1000, role: 'Ops.Maintenance', recipients: [{ position: '101.Ops.Maintenance', person: 'l@n.example' }] });
  });

  it('reports a route_to that names no role, and reaches the whole tier', () => {
    const plan = planTask({ broadcast: 10, route_to: 'nobody@n.example' }, 'office@n.example', {}, model, directory);
    expect(plan.route.problem).toMatch(/names no role of northside/);
    expect(plan.broadcast?.recipients.map((r) => r.person)).toEqual(['p@n.example', 'vp@n.example']);
  });
});

describe('decisions and distributions go down', () => {
  const ops: OrganizationModel = {
    ...model,
    positions: [
      ...model.positions,
      { id: '101.Ops.Cleaning', level: 101, role: 'Ops.Cleaning', title: 'Cleaning lead', holders: ['c@n.example'] },
    ],
    roles: [...model.roles, { id: 'Ops', addresses: ['ops@n.example'], entry: '11.Ops' }],
  };
  const opsDirectory = new OrganizationDirectory(ops);

  it.each([3, 5])('a subcategory %i on a department head role address goes to the tier below within the role', (subcategory) => {
    const plan = planTask({ category: 2, subcategory }, 'ops@n.example', {}, ops, opsDirectory);
    expect(plan.route.via).toBe('flow_down');
    expect(plan.label).toBe(`1000.2${subcategory}.Ops`);
    expect(plan.broadcast?.recipients).toEqual([
      { position: '101.Ops.Cleaning', person: 'c@n.example' },
      { position: '101.Ops.Maintenance', person: 'l@n.example' },
    ]);
  });

  it.each([
    ['a request goes up as before', { category: 2, subcategory: 1 }, 'ops@n.example', '11.Ops', 'mailbox_role'],
    ['a decision a rule routes goes where the rule says', { category: 2, subcategory: 3, route_to: '101.Ops.Cleaning' }, 'ops@n.example', '101.Ops.Cleaning', 'route_to'],
    ['a crisis decision still starts at the top', { category: 9, subcategory: 3 }, 'ops@n.example', '1', 'mailbox_role'],
    ['a decision on a staff-level role stays at its entry', { category: 2, subcategory: 3 }, 'maintenance@n.example', '1001.Ops.Maintenance', 'mailbox_role'],
    ['a decision with nobody below stays at the entry', { category: 2, subcategory: 5 }, 'office@n.example', '101.Admin.Office', 'mailbox_role'],
  ])('%s', (_name, action, mailbox, position, via) => {
    const plan = planTask(action, mailbox, {}, ops, opsDirectory);
    expect(plan.broadcast).toBeNull();
    expect(plan.position).toBe(position);
    expect(plan.route.via).toBe(via);
  });
});

describe('broadcastAddressesReaching', () => {
  it("lists the tier's broadcast address and one per role on the position's line", () => {
    const lead = model.positions.find((p) => p.id === '101.Ops.Maintenance')!;
    expect(broadcastAddressesReaching(model, lead).sort()).toEqual(['1000', '1000.Ops', '1000.Ops.Maintenance']);
    const head = model.positions.find((p) => p.id === '1')!;
    expect(broadcastAddressesReaching(model, head)).toEqual(['10']);
  });
});

describe('who sees a broadcast task', () => {
  it('every recipient, whatever its visibility; nobody else by that path', () => {
    const task = { visibility: 'private', assigneePosition: '100' };
    expect(canSeeTask(task, visibleAssignees(directory, 'hr@n.example'))).toBe(true);
    expect(canSeeTask(task, visibleAssignees(directory, 't@n.example'))).toBe(false);
    expect(canSeeTask({ visibility: 'private', assigneePosition: '1000.Ops.Maintenance' }, visibleAssignees(directory, 'l@n.example'))).toBe(true);
    expect(canSeeTask({ visibility: 'private', assigneePosition: '1000.Admin.Office' }, visibleAssignees(directory, 'l@n.example'))).toBe(false);
  });
});
