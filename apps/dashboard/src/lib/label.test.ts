import { describe, expect, it } from 'vitest';

import { explainLabel, levelInWords, parseLabel } from './label';

describe('labels in words', () => {
  it('reads the SPEC example and explains each part', () => {
    expect(parseLabel('1001.81.Ops.Maintenance')).toEqual({
      level: 1001,
      category: 8,
      subcategory: 1,
      role: 'Ops.Maintenance',
    });
    expect(explainLabel('1001.81.Ops.Maintenance').map((p) => p.meaning)).toEqual([
      'level 1001: staff',
      'category 8: Technical and infrastructure',
      'subcategory 1: Request',
      'role Ops.Maintenance',
    ]);
  });

  it('knows broadcast tiers and labels without a role', () => {
    expect(parseLabel('100.74')).toEqual({ level: 100, category: 7, subcategory: 4, role: null });
    expect(levelInWords(100)).toBe('broadcast to every department head (11–99)');
    expect(explainLabel('100.74').at(-1)?.meaning).toBe('the whole tier, no role');
  });

  it('does not pretend to read what is not a label', () => {
    expect(parseLabel('1001.8.Ops')).toBeNull();
    expect(explainLabel('nonsense')).toEqual([{ part: 'nonsense', meaning: 'not a label Orgo can read' }]);
  });
});
