import { isPriority, isSeverity, severityAtLeast } from './priority';

describe('priorities and severities', () => {
  it('recognizes the values', () => {
    expect(['low', 'medium', 'high', 'critical', 'urgent'].map(isPriority)).toEqual([true, true, true, true, false]);
    expect(['minor', 'moderate', 'major', 'critical', 'high'].map(isSeverity)).toEqual([true, true, true, true, false]);
  });

  it.each([
    ['major', 'moderate', true],
    ['moderate', 'moderate', true],
    ['minor', 'moderate', false],
    ['critical', 'critical', true],
    [null, 'minor', false],
    [undefined, 'minor', false],
  ] as const)('%s reaches %s: %s', (severity, threshold, expected) => {
    expect(severityAtLeast(severity, threshold)).toBe(expected);
  });
});
