import { audienceFor } from './notification-audience';
import type { PositionModel } from './organization';
import { organizationModel } from './organization-model.test-support';

const positions: PositionModel[] = [
  { id: '1', level: 1, role: null, title: 'Principal', holders: ['Principal@n.example'] },
  { id: '2', level: 2, role: null, title: 'Deputy', holders: ['deputy@n.example'] },
  { id: '11.Ops', level: 11, role: 'Ops', title: 'Head of operations', holders: ['ops@n.example'] },
  { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Lead', holders: ['jane@n.example'] },
  { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Technician', holders: ['bob@n.example', 'ali@n.example'] },
  { id: '1001.Ops.Security', level: 1001, role: 'Ops.Security', title: 'Guard', holders: ['guard@n.example', 'jane@n.example'] },
  { id: '1001.Operations', level: 1001, role: 'Operations', title: 'Not Ops', holders: ['other@n.example'] },
  { id: '101.IT.Support', level: 101, role: 'IT.Support', title: 'IT lead', holders: ['it@n.example'] },
];

const model = organizationModel({ positions });

describe('audienceFor', () => {
  it('individual: the person who accepted, else every holder of the position', () => {
    expect(audienceFor('individual', '1001.Ops.Maintenance', model, 'Bob@N.example')).toEqual(['bob@n.example']);
    expect(audienceFor('individual', '1001.Ops.Maintenance', model, null)).toEqual(['bob@n.example', 'ali@n.example']);
  });

  it('team: every holder of the position, even when someone accepted', () => {
    expect(audienceFor('team', '1001.Ops.Maintenance', model, 'bob@n.example')).toEqual(['bob@n.example', 'ali@n.example']);
  });

  it('department: the holders of every position sharing the first role segment, own holders first, each once', () => {
    expect(audienceFor('department', '1001.Ops.Maintenance', model, null)).toEqual([
      'bob@n.example',
      'ali@n.example',
      'ops@n.example',
      'jane@n.example',
      'guard@n.example',
    ]);
    // `Operations` shares no whole segment with `Ops`; IT is another department.
    expect(audienceFor('department', '11.Ops', model, null)).not.toContain('other@n.example');
    expect(audienceFor('department', '101.IT.Support', model, null)).toEqual(['it@n.example']);
  });

  it('department of a bare level: its holders only', () => {
    expect(audienceFor('department', '1', model, null)).toEqual(['principal@n.example']);
  });

  it('organization: every holder of every position, lower-cased, each once, by level', () => {
    const everyone = audienceFor('organization', '101.IT.Support', model, null);
    expect(everyone[0]).toBe('it@n.example');
    expect(everyone.slice(1, 4)).toEqual(['principal@n.example', 'deputy@n.example', 'ops@n.example']);
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone).toHaveLength(9);
  });

  it('a position the model does not hold: nobody for team, its role line for department', () => {
    expect(audienceFor('team', '1001.Ops.Cleaning', model, null)).toEqual([]);
    expect(audienceFor('department', '1001.Ops.Cleaning', model, null)).toContain('ops@n.example');
  });
});
