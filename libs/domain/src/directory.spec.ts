import { OrganizationDirectory, defaultEntry } from './directory';
import { formatTaskKey, taskKeyPrefix } from './keys';
import type { PositionModel } from './organization';
import { organizationModel } from './organization-model.test-support';

const positions: PositionModel[] = [
  { id: '1', level: 1, role: null, title: 'Principal', holders: ['principal@n.example'] },
  { id: '11.Ops', level: 11, role: 'Ops', title: 'Head of operations', holders: ['ops@n.example'] },
  { id: '101.Ops.Maintenance', level: 101, role: 'Ops.Maintenance', title: 'Lead', holders: ['jane@n.example'] },
  { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Technician', holders: ['bob@n.example', 'ali@n.example'] },
];

const model = organizationModel({
  positions,
  roles: [{ id: 'Ops.Maintenance', addresses: ['maintenance@n.example'], entry: '1001.Ops.Maintenance' }],
  people: [{ email: 'jane@n.example', name: 'Jane Roy', notify: { channels: ['email'], digest: 'immediate' } }],
});

describe('OrganizationDirectory', () => {
  const dir = new OrganizationDirectory(model);

  it('resolves a role address, a role and a position', () => {
    expect(dir.resolveRouteTarget('Maintenance@N.example')).toEqual({ position: '1001.Ops.Maintenance', via: 'address' });
    expect(dir.resolveRouteTarget('Ops.Maintenance')).toEqual({ position: '1001.Ops.Maintenance', via: 'role' });
    expect(dir.resolveRouteTarget('11.Ops')).toEqual({ position: '11.Ops', via: 'position' });
    expect(dir.resolveRouteTarget('hr@n.example')).toBeNull();
  });

  it('knows holders, chains and people', () => {
    expect(dir.holdersOf('1001.Ops.Maintenance')).toEqual(['bob@n.example', 'ali@n.example']);
    expect(dir.holdersOf('missing')).toEqual([]);
    expect(dir.chainOf('1001.Ops.Maintenance')).toEqual(['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1']);
    expect(dir.person('JANE@n.example')?.name).toBe('Jane Roy');
    expect(dir.roleByAddress('maintenance@n.example')?.id).toBe('Ops.Maintenance');
  });

  it('comes back identical from its lookups as plain JSON (what the shared cache stores)', () => {
    const revived = OrganizationDirectory.fromLookups(JSON.parse(JSON.stringify(dir.lookups())));
    expect(revived.lookups()).toEqual(dir.lookups());
    expect(revived.chainOf('1001.Ops.Maintenance')).toEqual(['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1']);
    expect(revived.resolveRouteTarget('MAINTENANCE@n.example')).toEqual({ position: '1001.Ops.Maintenance', via: 'address' });
    expect(revived.reportsTo.get('11.Ops')).toBe('1');
    expect(revived.person('jane@n.example')?.name).toBe('Jane Roy');
  });

  it('hands out copies of its chains', () => {
    dir.chainOf('11.Ops').push('tampered');
    expect(dir.chainOf('11.Ops')).toEqual(['11.Ops', '1']);
  });

  it('picks the lowest-tier position of a role as its default entry', () => {
    expect(defaultEntry('Ops.Maintenance', positions)).toBe('1001.Ops.Maintenance');
    expect(defaultEntry('Ops', positions)).toBe('11.Ops');
    expect(defaultEntry('HR', positions)).toBeUndefined();
  });
});

describe('task keys', () => {
  it.each([
    ['north-side', 'NS'],
    ['northside', 'NO'],
    ['sangha', 'SA'],
    ['st_marys_school', 'SMS'],
    ['a', 'AX'],
  ])('%s → %s', (slug, prefix) => {
    expect(taskKeyPrefix(slug)).toBe(prefix);
  });

  it('prefers the initials of the organization name', () => {
    expect(taskKeyPrefix('northside', 'Northside School')).toBe('NS');
    expect(taskKeyPrefix('sangha', 'Maple Street Sangha')).toBe('MSS');
    expect(taskKeyPrefix('acme', 'Acme')).toBe('AC');
  });

  it('formats keys', () => expect(formatTaskKey('NS', 1042)).toBe('NS-1042'));
});
