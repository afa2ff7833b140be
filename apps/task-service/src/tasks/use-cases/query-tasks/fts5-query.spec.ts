import { fts5Query } from './fts5-query';

describe('fts5Query', () => {
  it('requires every word, each quoted', () => {
    expect(fts5Query('water leak')).toBe('("water") AND ("leak")');
  });

  it('keeps a quoted phrase together and reads a key as the phrase of its parts', () => {
    expect(fts5Query('"room 102" NS-12')).toBe('("room 102") AND ("NS 12")');
  });

  it('reads or between two terms as either, and -word as an exclusion', () => {
    expect(fts5Query('leak or flood -roof')).toBe('(("leak" OR "flood")) NOT "roof"');
  });

  it('leaves nothing of FTS5 syntax or LIKE wildcards in what the person typed', () => {
    expect(fts5Query('title:leak* NEAR(a b) %')).toBe('("title leak") AND ("NEAR a") AND ("b")');
    expect(fts5Query('100%_done')).toBe('("100 done")');
  });

  it('looks for nothing when nothing searchable is left, or only exclusions', () => {
    expect(fts5Query('%')).toBeNull();
    expect(fts5Query('_ % "" -')).toBeNull();
    expect(fts5Query('-roof')).toBeNull();
    expect(fts5Query('or')).toBeNull();
  });
});
