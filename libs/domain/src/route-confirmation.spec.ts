import { OrganizationDirectory } from './directory';
import type { OrganizationModel, PositionModel } from './organization';
import { BUILTIN_PROFILES } from './profiles';
import { assignmentTo, waitingPosition } from './route-confirmation';
import { planTask } from './task-plan';

const positions: PositionModel[] = [
  { id: '1', level: 1, role: null, title: 'Head', holders: ['head@o.example'] },
  { id: '11.Ops', level: 11, role: 'Ops', title: 'Head of operations', holders: ['ops@o.example'] },
  { id: '101.Ops.Repairs', level: 101, role: 'Ops.Repairs', title: 'Lead', holders: ['lead@o.example'] },
  { id: '1001.Ops.Repairs', level: 1001, role: 'Ops.Repairs', title: 'Technician', holders: ['tech@o.example'] },
  { id: '101.Front.Desk', level: 101, role: 'Front.Desk', title: 'Desk', holders: ['desk@o.example'] },
];

function organization(profile: string, triage: string | null = '101.Front.Desk'): OrganizationModel {
  return {
    slug: 'o',
    name: 'O',
    type: 'community',
    timezone: 'UTC',
    profile,
    parameters: BUILTIN_PROFILES[profile],
    parameterSources: {} as OrganizationModel['parameterSources'],
    triage,
    positions,
    roles: [{ id: 'Ops.Repairs', addresses: ['repairs@o.example'], entry: '1001.Ops.Repairs' }],
    people: [],
    file: 'organizations/o/organization.yaml',
  };
}

const FULL = ['1001.Ops.Repairs', '101.Ops.Repairs', '11.Ops', '1'];

// SPEC §6: what each profile does when a task is created — where it waits, its default visibility,
// its escalation steps, and from which severity it escalates at once.
const PROFILES: [string, string | null, string, string[], string, string | null][] = [
  // profile, waits in, visibility, chain, severe from, a severity below the threshold
  ['friend_group', '101.Front.Desk', 'organization', FULL, 'critical', 'major'],
  ['hospital', null, 'restricted', ['1001.Ops.Repairs', '11.Ops', '1'], 'moderate', 'minor'],
  ['advocacy_group', null, 'department', FULL, 'major', 'moderate'],
  ['retail_chain', null, 'department', FULL, 'critical', 'major'],
  ['military', null, 'private', ['1001.Ops.Repairs', '1'], 'minor', null],
  ['environmental_group', null, 'organization', FULL, 'major', 'moderate'],
  ['artist_collective', '101.Front.Desk', 'department', FULL, 'critical', 'major'],
];

describe('routing-time parameters of each profile', () => {
  it.each(PROFILES)('%s: waits in %s, visibility %s, chain %j, severe from %s', (profile, waits, visibility, chain, severeFrom, below) => {
    const model = organization(profile);
    const directory = new OrganizationDirectory(model);
    const plan = planTask({ route_to: 'Ops.Repairs', category: 8, subcategory: 1, severity: severeFrom }, 'repairs@o.example', {}, model, directory);
    expect(waitingPosition(model, plan)).toBe(waits);
    expect(plan.visibility).toBe(visibility);
    expect(plan.chain).toEqual(chain);
    expect(plan.severe).toBe(true);
    if (below) expect(planTask({ route_to: 'Ops.Repairs', severity: below }, 'repairs@o.example', {}, model, directory).severe).toBe(false);
    // A rule's visibility overrides the profile's transparency.
    expect(planTask({ route_to: 'Ops.Repairs', visibility: 'private' }, 'repairs@o.example', {}, model, directory).visibility).toBe('private');
  });
});

describe('waitingPosition', () => {
  const manual = organization('friend_group');

  it('lets a crisis go to the top at once, even under manual automation', () => {
    expect(waitingPosition(manual, { position: '1', crisis: true })).toBeNull();
  });

  it('waits at the head of the organization when there is no triage position', () => {
    expect(waitingPosition(organization('friend_group', null), { position: '1001.Ops.Repairs', crisis: false })).toBe('1');
  });

  it('has nothing to confirm when the suggested route is the triage position itself', () => {
    expect(waitingPosition(manual, { position: '101.Front.Desk', crisis: false })).toBeNull();
  });
});

describe('assignmentTo', () => {
  const model = organization('friend_group');
  const directory = new OrganizationDirectory(model);

  it('gives the position, its label and its chain at the profile granularity', () => {
    expect(assignmentTo('1001.Ops.Repairs', { category: 8, subcategory: 1 }, model, directory)).toEqual({
      position: '1001.Ops.Repairs',
      label: '1001.81.Ops.Repairs',
      chain: ['1001.Ops.Repairs', '101.Ops.Repairs', '11.Ops', '1'],
    });
  });

  it('is null for a position the organization does not have', () => {
    expect(assignmentTo('101.Nowhere', { category: 8, subcategory: 1 }, model, directory)).toBeNull();
  });
});
