import { positionsHeldBy } from './held-positions';
import type { OrganizationModel } from './organization';

const model = {
  slug: 'northside',
  positions: [
    { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Technician', holders: ['bob@northside.example', 'ali@northside.example'] },
    { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Lead', holders: ['jane@northside.example'] },
    { id: '1', level: 1, role: null, title: 'Principal', holders: ['bob@northside.example'] },
  ],
} as unknown as OrganizationModel;

describe('positionsHeldBy', () => {
  it('lists every position the person holds, most senior first, whatever the case of the address', () => {
    expect(positionsHeldBy(model, ' Bob@Northside.example ')).toEqual([
      { organization: 'northside', position: '1', role: null, level: 1 },
      { organization: 'northside', position: '1001.Ops.Maintenance', role: 'Ops.Maintenance', level: 1001 },
    ]);
  });

  it('lists nothing for someone who holds no position', () => {
    expect(positionsHeldBy(model, 'visitor@members.example')).toEqual([]);
  });
});
