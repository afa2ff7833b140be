import { ValidationError } from './errors';
import { flowOf, formatLabel, isBroadcastLevel, labelFor, parseLabel, tierOf } from './label';

describe('parseLabel', () => {
  it.each([
    ['11.51.HR.Recruitment', { level: 11, category: 5, subcategory: 1, role: 'HR.Recruitment' }],
    ['100.74', { level: 100, category: 7, subcategory: 4, role: null }],
    ['1001.91.Operations.Safety', { level: 1001, category: 9, subcategory: 1, role: 'Operations.Safety' }],
    ['1.81', { level: 1, category: 8, subcategory: 1, role: null }],
    ['10000.15', { level: 10000, category: 1, subcategory: 5, role: null }],
  ])('%s', (text, label) => {
    expect(parseLabel(text)).toEqual(label);
    expect(formatLabel(parseLabel(text))).toBe(text);
  });

  it.each([
    ['', 'label'],
    ['1001', 'label'],
    ['abc.81.Ops', 'level'],
    ['10001.81', 'level'],
    ['0.81', 'level'],
    ['1001.8.Ops', 'category'],
    ['1001.081.Ops', 'category'],
    ['1001.01.Ops', 'category'],
    ['1001.86.Ops', 'subcategory'],
    ['1001.80.Ops', 'subcategory'],
    ['1001.81.Ops.9lives', 'role[1]'],
    ['1001.81.Ops..Maintenance', 'role[1]'],
  ])('%j is rejected naming %s', (text, part) => {
    try {
      parseLabel(text);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('LABEL.INVALID');
      expect((error as ValidationError).issues[0].path).toBe(part);
    }
  });
});

describe('label helpers', () => {
  it('builds a task label from a position', () => {
    expect(labelFor({ level: 1001, role: 'Ops.Maintenance' }, 8, 1)).toBe('1001.81.Ops.Maintenance');
    expect(labelFor({ level: 1, role: null }, 4, 1)).toBe('1.41');
  });

  it('knows tiers, broadcast levels and flow', () => {
    expect([1, 9, 10, 11, 100, 101, 1000, 1001, 10000].map(tierOf)).toEqual([
      'executive', 'executive', 'executive', 'department', 'department', 'manager', 'manager', 'staff', 'staff',
    ]);
    expect([10, 100, 1000, 10000, 11, 1].map(isBroadcastLevel)).toEqual([true, true, true, true, false, false]);
    expect([1, 2, 3, 4, 5].map(flowOf)).toEqual(['up', 'sideways', 'down', 'up', 'down']);
  });
});
