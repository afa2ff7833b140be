import { fit } from './intake-records';

describe('fit', () => {
  it.each([
    [null, 5, null],
    [undefined, 5, null],
    ['short', 10, 'short'],
    ['a longer subject', 8, 'a longer'],
    ['a\u0000b', 10, 'ab'],
  ])('%j to %d characters → %j', (text, length, expected) => {
    expect(fit(text, length)).toBe(expected);
  });
});
