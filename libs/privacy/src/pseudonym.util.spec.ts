import { isPseudonym, pseudonymFor } from './pseudonym.util';

describe('pseudonymFor', () => {
  it('numbers reporters from 1', () => {
    expect(pseudonymFor(1)).toBe('Anon-1');
    expect(pseudonymFor(7)).toBe('Anon-7');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(() => pseudonymFor(n)).toThrow(RangeError);
  });
});

describe('isPseudonym', () => {
  it.each([
    ['Anon-7', true],
    ['Anon-123', true],
    ['Anon-0', false],
    ['anon-7', false],
    ['Anon-07', false],
    ['Maria', false],
    [7, false],
    [null, false],
  ])('%s → %s', (value, expected) => {
    expect(isPseudonym(value)).toBe(expected);
  });
});
