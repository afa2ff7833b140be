import { OrganizationDirectory } from './directory';
import type { OrganizationModel, PositionModel } from './organization';
import { BUILTIN_PROFILES } from './profiles';
import { canSeeTask, visibleAssignees } from './visibility';

const positions: PositionModel[] = [
  { id: '1', level: 1, role: null, title: 'Head', holders: ['head@o.example'] },
  { id: '11.Ops', level: 11, role: 'Ops', title: 'Head of operations', holders: ['ops@o.example'] },
  { id: '101.Ops.Repairs', level: 101, role: 'Ops.Repairs', title: 'Repairs lead', holders: ['lead@o.example'] },
  { id: '1001.Ops.Repairs', level: 1001, role: 'Ops.Repairs', title: 'Technician', holders: ['tech@o.example'] },
  { id: '1001.Ops.Cleaning', level: 1001, role: 'Ops.Cleaning', title: 'Cleaner', holders: ['cleaner@o.example'] },
  { id: '101.Front.Desk', level: 101, role: 'Front.Desk', title: 'Desk', holders: ['desk@o.example'] },
];

const model: OrganizationModel = {
  slug: 'o',
  name: 'O',
  type: 'community',
  timezone: 'UTC',
  profile: 'military',
  parameters: BUILTIN_PROFILES.military,
  parameterSources: {} as OrganizationModel['parameterSources'],
  triage: null,
  positions,
  roles: [],
  people: [],
  file: 'organizations/o/organization.yaml',
};
const directory = new OrganizationDirectory(model);

// Who sees a task, by its visibility and assignee (SPEC §6 Privacy).
const CASES: [string, string, string[], string[]][] = [
  // visibility, assignee, who sees it, who does not
  ['private', '1001.Ops.Repairs', ['tech@o.example', 'lead@o.example', 'ops@o.example', 'head@o.example'], ['cleaner@o.example', 'desk@o.example', 'stranger@o.example']],
  ['private', '101.Ops.Repairs', ['lead@o.example', 'ops@o.example', 'head@o.example'], ['tech@o.example', 'cleaner@o.example']],
  ['restricted', '101.Ops.Repairs', ['tech@o.example', 'lead@o.example', 'ops@o.example', 'head@o.example'], ['cleaner@o.example', 'desk@o.example']],
  ['department', '1001.Ops.Repairs', ['cleaner@o.example', 'tech@o.example', 'ops@o.example', 'head@o.example'], ['desk@o.example', 'stranger@o.example']],
  ['organization', '1001.Ops.Repairs', ['desk@o.example', 'cleaner@o.example', 'stranger@o.example'], []],
  ['unknown-word', '1001.Ops.Repairs', ['tech@o.example'], ['cleaner@o.example']],
];

describe('visibility', () => {
  it.each(CASES)('%s task at %s', (visibility, assigneePosition, see, notSee) => {
    for (const email of see) expect([email, canSeeTask({ visibility, assigneePosition }, visibleAssignees(directory, email))]).toEqual([email, true]);
    for (const email of notSee) expect([email, canSeeTask({ visibility, assigneePosition }, visibleAssignees(directory, email))]).toEqual([email, false]);
  });

  it('matches holders case-insensitively', () => {
    expect(visibleAssignees(directory, ' Tech@O.example ').private).toEqual(['1001.Ops.Repairs']);
  });
});
