import { DEFAULT_AUDIT_SETTINGS } from '../settings/audit-settings';
import { type RetentionCandidate, retentionCounts, retentionCut, retentionPolicy } from './audit-retention-policy';

const DAY = 86_400_000;
const orgs = [
  { slug: 'friends', parameters: { retention: '6 months' } },
  { slug: 'hospital', parameters: { retention: '10 years' } },
  { slug: 'army', parameters: { retention: 'indefinite' } },
];
const retentionOf = retentionPolicy(orgs, DEFAULT_AUDIT_SETTINGS);
const now = new Date('2028-01-01T00:00:00.000Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY).toISOString();

describe('retention per category', () => {
  it("applies the profile's retention to task, email and workflow entries", () => {
    expect(retentionOf('task', 'friends')).toBe(180 * DAY);
    expect(retentionOf('email', 'hospital')).toBe(3650 * DAY);
    expect(retentionOf('workflow', 'army')).toBeNull();
  });

  it('keeps security entries at least two years, longer when the profile says so, and system entries one year', () => {
    expect(retentionOf('security', 'friends')).toBe(730 * DAY);
    expect(retentionOf('security', 'hospital')).toBe(3650 * DAY);
    expect(retentionOf('security', 'army')).toBeNull();
    expect(retentionOf('system', null)).toBe(365 * DAY);
    expect(retentionOf('system', 'army')).toBe(365 * DAY);
  });

  it('gives entries of no or an unknown organization the unowned retention', () => {
    expect(retentionOf('email', null)).toBe(365 * DAY);
    expect(retentionOf('task', 'gone')).toBe(365 * DAY);
    expect(retentionOf('security', null)).toBe(730 * DAY);
  });
});

describe('the retention cut', () => {
  const e = (seq: number, organization: string | null, ageDays: number, erasedAt: string | null = null): RetentionCandidate => ({ seq, organization, at: daysAgo(ageDays), erasedAt });

  it('deletes the oldest run past retention and stops at the first entry that must stay', () => {
    const cut = retentionCut('task', [e(1, 'friends', 400), e(2, 'friends', 200), e(3, 'hospital', 200), e(4, 'friends', 190), e(5, 'friends', 10)], now, retentionOf, 0);
    expect(cut.deleteThrough).toBe(2);
    expect(cut.erase).toEqual([4]);
    expect(cut.deleted.map((d) => d.seq)).toEqual([1, 2]);
  });

  it('deletes erased entries with the run and does not count them again', () => {
    const cut = retentionCut('task', [e(3, 'friends', 400), e(4, 'hospital', 300, daysAgo(100)), e(5, 'friends', 300), e(6, 'army', 300)], now, retentionOf, 2);
    expect(cut).toMatchObject({ deleteThrough: 5, erase: [] });
    expect(cut.deleted.map((d) => d.seq)).toEqual([3, 5]);
  });

  it('cuts nothing when the oldest entry must stay or retention is indefinite', () => {
    expect(retentionCut('task', [e(1, 'army', 9000), e(2, 'friends', 10)], now, retentionOf, 0)).toMatchObject({ deleteThrough: null, erase: [] });
    expect(retentionCut('task', [e(1, 'friends', 179)], now, retentionOf, 0)).toMatchObject({ deleteThrough: null, erase: [] });
  });

  it('starts after the anchor and never skips a gap', () => {
    expect(retentionCut('task', [e(5, 'friends', 400), e(7, 'friends', 400)], now, retentionOf, 4)).toMatchObject({ deleteThrough: 5, erase: [7] });
  });

  it('counts per category and organization', () => {
    const counts: Record<string, Record<string, number>> = {};
    retentionCounts('task', [e(1, 'friends', 1), e(2, 'friends', 1), e(3, null, 1)], counts);
    expect(counts).toEqual({ task: { friends: 2, '-': 1 } });
  });
});
