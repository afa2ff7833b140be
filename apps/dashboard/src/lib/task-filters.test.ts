import { describe, expect, it } from 'vitest';

import { DEFAULT_FILTERS, filtersFrom, searchOf, taskQuery } from './task-filters';

describe('the filters of My work', () => {
  it('round-trip through the address, leaving the defaults out', () => {
    const filters = { ...DEFAULT_FILTERS, priority: 'high,critical', text: 'water leak' };
    expect(searchOf(filters)).toBe('?priority=high%2Ccritical&text=water+leak');
    expect(filtersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf(DEFAULT_FILTERS)).toBe('');
  });

  it('fall back to the defaults for what the address should not hold', () => {
    expect(filtersFrom('?sort=drop+table&status=pending;x&scope=everything')).toMatchObject({
      sort: '-created_at',
      status: 'pendingx',
      scope: 'mine',
    });
  });

  it('become the API query, with mine only when asked', () => {
    expect(taskQuery({ ...DEFAULT_FILTERS, text: '  leak ' }, true)).toMatchObject({
      text: 'leak',
      mine: true,
      status: DEFAULT_FILTERS.status,
    });
    expect(taskQuery(DEFAULT_FILTERS, false).mine).toBeUndefined();
  });
});
