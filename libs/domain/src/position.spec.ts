import { ValidationError } from './errors';
import { escalationChain, escalationSteps, parsePositionId, resolveReportsTo } from './position';

const northside = [
  { id: '1' },
  { id: '11.Ops' },
  { id: '101.Ops.Maintenance' },
  { id: '1001.Ops.Maintenance', reportsTo: '101.Ops.Maintenance' },
  { id: '101.Admin.Office' },
];

describe('parsePositionId', () => {
  it.each([
    ['1001.Ops.Maintenance', { level: 1001, role: 'Ops.Maintenance' }],
    ['11.Ops', { level: 11, role: 'Ops' }],
    ['1', { level: 1, role: null }],
  ])('%s', (id, ref) => expect(parsePositionId(id)).toEqual({ id, ...ref }));

  it.each(['', '10.Ops', '1000.Ops', '12345.X', 'Ops.1', '101.Ops.2x'])('rejects %j', (id) => {
    expect(() => parsePositionId(id)).toThrow(ValidationError);
  });
});

describe('resolveReportsTo', () => {
  it("derives SPEC's Northside chain", () => {
    const map = resolveReportsTo(northside);
    expect(escalationChain('1001.Ops.Maintenance', map)).toEqual(['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1']);
    expect(map.get('101.Admin.Office')).toBe('1');
    expect(map.get('1')).toBeNull();
  });

  it('takes the longest role prefix, then the nearest tier', () => {
    const map = resolveReportsTo([
      { id: '1' },
      { id: '11.Community' },
      { id: '101.Community.Liaison' },
      { id: '1001.Community.Liaison' },
      { id: '101.Community' },
      { id: '1001.Community.Events' },
    ]);
    expect(map.get('1001.Community.Liaison')).toBe('101.Community.Liaison');
    expect(map.get('101.Community.Liaison')).toBe('11.Community');
    expect(map.get('1001.Community.Events')).toBe('101.Community');
    expect(map.get('11.Community')).toBe('1');
  });

  it('goes to the highest executive when there is no position 1', () => {
    const map = resolveReportsTo([{ id: '2' }, { id: '3' }, { id: '11.IT' }]);
    expect(map.get('11.IT')).toBe('2');
    expect(map.get('2')).toBeNull();
  });

  it('reports an unknown reports_to and a cycle with their paths', () => {
    try {
      resolveReportsTo(
        [{ id: '1' }, { id: '11.A', reportsTo: '101.A' }, { id: '101.A', reportsTo: '11.A' }, { id: '1001.B', reportsTo: '101.Nowhere' }],
        'organizations/x/organization.yaml',
      );
      throw new Error('accepted');
    } catch (error) {
      const issues = (error as ValidationError).issues;
      expect(issues.map((i) => i.path)).toEqual(['positions[3].reports_to', expect.stringMatching(/^positions\[[12]\]\.reports_to$/)]);
      expect(issues[0]).toMatchObject({ file: 'organizations/x/organization.yaml', found: "'101.Nowhere'" });
      expect(issues[1].found).toMatch(/cycle/);
    }
  });
});

describe('escalationSteps', () => {
  const chain = ['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '2', '1'];
  it.each([
    ['detailed', chain],
    ['moderate', ['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1']],
    ['accelerated', ['1001.Ops.Maintenance', '11.Ops', '1']],
    ['broad', ['1001.Ops.Maintenance', '1']],
  ] as const)('%s', (granularity, steps) => {
    expect(escalationSteps(chain, granularity)).toEqual(steps);
  });

  it('keeps the top in accelerated steps of an even chain, and copes with a single position', () => {
    expect(escalationSteps(['1001.A', '101.A', '11.A', '1'], 'accelerated')).toEqual(['1001.A', '11.A', '1']);
    expect(escalationSteps(['1'], 'broad')).toEqual(['1']);
  });
});
