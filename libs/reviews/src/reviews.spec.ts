import type { TaskSnapshotV1 } from '@orgo/contracts';

import { buildReviewReport } from './build-report';
import { findPatterns } from './find-patterns';
import { lastCompletedPeriod, periodContaining, periodKindOf, trendBuckets } from './periods';
import { renderReviewHtml, reviewSubject } from './render-html';
import { type ReviewCase, keywordsOf, reviewCaseOf } from './review-case';

let n = 0;
function snapshot(at: string, parts: Partial<TaskSnapshotV1> = {}): TaskSnapshotV1 {
  n++;
  return {
    id: `id-${String(n).padStart(4, '0')}`,
    key: `NS-${n}`,
    organization: 'northside',
    type: 'maintenance',
    subtype: 'slip',
    category: 1,
    subcategory: 1,
    label: '1001.11.Ops.Maintenance',
    title: 'Wet floor in the lobby',
    description: 'The lobby floor is wet and slippery.',
    status: 'pending',
    priority: 'medium',
    severity: null,
    assignee: { position: '1001.Ops.Maintenance', person: null },
    suggested_position: null,
    reporter: 'someone@northside.example',
    sensitive: false,
    visibility: 'department',
    tags: ['location:lobby'],
    metadata: {},
    escalation: {
      level: 0,
      chain: ['1001.Ops.Maintenance'],
      reactivity_ms: 86_400_000,
      next_due_at: null,
      warn_at: null,
      paused_remaining_ms: null,
      calendar: null,
    },
    broadcast: null,
    source: { organization: null, email_id: null, mailbox: null, message_id: null, received_at: null },
    links: { merged_into: null, merged: [], split_from: null, split_into: [] },
    created_at: at,
    updated_at: at,
    version: 1,
    ...parts,
  };
}
const options = (count: number, asOf: string) => ({
  count,
  window: '30d',
  asOf,
  responsibleOf: () => '11.Ops',
});

describe('periods', () => {
  it('maps frequencies to periods', () => {
    expect(
      ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'].map((f) => periodKindOf(f as 'daily')),
    ).toEqual(['day', 'week', 'month', 'quarter', 'year']);
  });

  it('finds the last completed week (from Monday, local time) across the DST change in Toronto', () => {
    // Sunday 8 March 2026 is the change to EDT: the week of 2 March starts at 05:00Z and ends at 04:00Z.
    expect(lastCompletedPeriod('week', '2026-03-10T12:00:00Z', 'America/Toronto')).toEqual({
      kind: 'week',
      start: '2026-03-02T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
    // Exactly at a boundary: the week that just ended.
    expect(lastCompletedPeriod('week', '2026-03-09T04:00:00.000Z', 'America/Toronto').start).toBe(
      '2026-03-02T05:00:00.000Z',
    );
  });

  it('finds years, quarters and days in other zones', () => {
    expect(lastCompletedPeriod('year', '2027-01-01T00:00:00Z', 'Asia/Kolkata')).toEqual({
      kind: 'year',
      start: '2025-12-31T18:30:00.000Z',
      end: '2026-12-31T18:30:00.000Z',
    });
    expect(periodContaining('quarter', '2026-05-15T00:00:00Z', 'UTC')).toEqual({
      kind: 'quarter',
      start: '2026-04-01T00:00:00.000Z',
      end: '2026-07-01T00:00:00.000Z',
    });
    expect(lastCompletedPeriod('day', '2026-11-30T04:59:00Z', 'America/Toronto')).toEqual({
      kind: 'day',
      start: '2026-11-28T05:00:00.000Z',
      end: '2026-11-29T05:00:00.000Z',
    });
  });

  it('cuts a year into twelve months and a month into its weeks', () => {
    expect(trendBuckets(periodContaining('year', '2026-06-01T00:00:00Z', 'UTC'), 'UTC')).toHaveLength(12);
    const november = trendBuckets(periodContaining('month', '2026-11-10T12:00:00Z', 'UTC'), 'UTC');
    expect(november[0]).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' });
    expect(november.at(-1)?.end).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('patterns', () => {
  const lobby = ['2026-11-02T15:00:00.000Z', '2026-11-12T15:00:00.000Z', '2026-11-20T15:00:00.000Z'].map(
    (at) => reviewCaseOf(snapshot(at)),
  );
  const noise = ['gym', 'cafeteria', 'room-102', 'library', 'hall'].map((place, i) =>
    reviewCaseOf(snapshot(`2026-11-1${i}T10:00:00.000Z`, { tags: [`location:${place}`] })),
  );

  it('finds three wet floors in the lobby within 30 days at count 3, not at count 4, and never the noise', () => {
    const found = findPatterns([...lobby, ...noise], options(3, '2026-11-30T05:00:00.000Z'));
    expect(found.map((p) => [p.cluster, p.cases.length, p.crossed_at, p.responsible])).toEqual([
      ['maintenance/slip/location:lobby', 3, '2026-11-20T15:00:00.000Z', '11.Ops'],
    ]);
    expect(findPatterns([...lobby, ...noise], options(4, '2026-11-30T05:00:00.000Z'))).toEqual([]);
    // Out of the window: the first case is more than 30 days before asOf.
    expect(findPatterns(lobby, options(3, '2026-12-03T05:00:00.000Z'))).toEqual([]);
  });

  it('clusters cases without anchors by shared keywords, and keeps places apart', () => {
    const printer = [
      'Printer jams on every page',
      'The printer jams every page again',
      'printer jams on every single page',
    ].map((title, i) =>
      reviewCaseOf(
        snapshot(`2026-11-0${i + 3}T10:00:00.000Z`, {
          type: 'it',
          subtype: 'hardware',
          title,
          description: '',
          tags: [],
        }),
      ),
    );
    const [pattern] = findPatterns(printer, options(3, '2026-11-30T05:00:00.000Z'));
    expect(pattern.cluster).toBe('it/hardware/keywords:every+jams+page+printer');
    expect(pattern.shared).toEqual(['every', 'jams', 'page', 'printer']);
  });

  it('finds one pattern for one problem: the same cases under equipment and location, or a place that adds too few', () => {
    const tuesdays = ['2026-11-03', '2026-11-10', '2026-11-17'].map((d) =>
      reviewCaseOf(
        snapshot(`${d}T17:00:00.000Z`, {
          subtype: 'equipment',
          title: 'Dishwasher broken',
          tags: ['equipment:dishwasher', 'location:cafeteria'],
        }),
      ),
    );
    const [one, ...none] = findPatterns(tuesdays, options(3, '2026-11-30T05:00:00.000Z'));
    expect(none).toEqual([]);
    expect([one.cluster, one.shared, one.cases.length]).toEqual([
      'maintenance/equipment/equipment:dishwasher',
      ['equipment:dishwasher', 'location:cafeteria'],
      3,
    ]);

    // The cafeteria is the dishwasher plus one more: the dishwasher stands for both.
    const plusOne = [
      ...tuesdays,
      reviewCaseOf(
        snapshot('2026-11-20T10:00:00.000Z', {
          subtype: 'equipment',
          title: 'Oven door',
          tags: ['location:cafeteria'],
        }),
      ),
    ];
    expect(
      findPatterns(plusOne, options(3, '2026-11-30T05:00:00.000Z')).map((p) => [p.cluster, p.cases.length]),
    ).toEqual([['maintenance/equipment/equipment:dishwasher', 3]]);

    // Three more cafeteria cases beside the dishwasher: a problem of its own too.
    const more = [
      ...plusOne,
      ...['2026-11-21', '2026-11-22'].map((d) =>
        reviewCaseOf(
          snapshot(`${d}T10:00:00.000Z`, {
            subtype: 'equipment',
            title: 'Fridge',
            tags: ['location:cafeteria'],
          }),
        ),
      ),
    ];
    expect(
      findPatterns(more, options(3, '2026-11-30T05:00:00.000Z')).map((p) => [p.cluster, p.cases.length]),
    ).toEqual([
      ['maintenance/equipment/equipment:dishwasher', 3],
      ['maintenance/equipment/location:cafeteria', 6],
    ]);
  });

  it('gives the same patterns and report for the cases in any order', () => {
    const cases = [...lobby, ...noise];
    const input = (list: ReviewCase[]) => ({
      organization: 'northside',
      timezone: 'America/Toronto',
      period: lastCompletedPeriod('month', '2026-12-02T00:00:00Z', 'America/Toronto'),
      asOf: '2026-12-01T05:00:00.000Z',
      cases: list,
      sensitivity: { count: 3, window: '30d' },
      responsibleOf: () => '11.Ops',
    });
    expect(buildReviewReport(input([...cases].reverse()))).toEqual(buildReviewReport(input(cases)));
  });

  it('leaves merged duplicates and investigations out', () => {
    const merged = reviewCaseOf(
      snapshot('2026-11-21T15:00:00.000Z', {
        status: 'cancelled',
        links: { merged_into: 'x', merged: [], split_from: null, split_into: [] },
      }),
    );
    const investigation = reviewCaseOf(
      snapshot('2026-11-22T15:00:00.000Z', {
        type: 'investigation',
        metadata: { review_cluster: 'maintenance/slip/location:lobby' },
      }),
    );
    expect(
      findPatterns([lobby[0], lobby[1], merged, investigation], options(3, '2026-11-30T05:00:00.000Z')),
    ).toEqual([]);
  });
});

describe('report', () => {
  const cases = [
    reviewCaseOf(snapshot('2026-11-23T15:00:00.000Z', { priority: 'critical' })),
    reviewCaseOf(
      snapshot('2026-11-24T15:00:00.000Z', { status: 'completed', updated_at: '2026-11-24T21:00:00.000Z' }),
    ),
    reviewCaseOf(
      snapshot('2026-11-25T15:00:00.000Z', {
        escalation: {
          level: 1,
          chain: ['1001.Ops.Maintenance', '11.Ops'],
          reactivity_ms: 3_600_000,
          next_due_at: null,
          warn_at: null,
          paused_remaining_ms: null,
          calendar: null,
        },
      }),
    ),
    reviewCaseOf(
      snapshot('2026-11-10T15:00:00.000Z', {
        title: 'Harassment <script>alert(1)</script>',
        sensitive: true,
        tags: [],
      }),
    ),
  ];
  const report = buildReviewReport({
    organization: 'northside',
    timezone: 'America/Toronto',
    period: lastCompletedPeriod('week', '2026-12-01T12:00:00Z', 'America/Toronto'),
    asOf: '2026-11-30T05:00:00.000Z',
    cases,
    sensitivity: { count: 3, window: '30d' },
    responsibleOf: () => '11.Ops',
  });

  it('counts the week: new, resolved, unresolved, critical, escalated, stuck', () => {
    expect(report.totals).toEqual({
      new: 3,
      resolved: 1,
      unresolved: 3,
      critical: 1,
      escalated: 1,
      stuck: 3,
    });
    expect(report.trend).toHaveLength(7);
    expect(report.aggregates.location).toEqual([{ key: 'lobby', count: 3 }]);
    expect(report.aggregates.department).toEqual([{ key: 'Ops', count: 3 }]);
    expect(report.rates).toEqual({
      escalation_rate: 0.333,
      resolution_rate: 0.333,
      median_hours_to_resolve: 6,
    });
    expect(report.patterns.map((p) => p.cluster)).toEqual(['maintenance/slip/location:lobby']);
  });

  it('shows a sensitive case by key only, and no reporter anywhere', () => {
    const sensitive = report.unresolved.find((c) => c.key === cases[3].key);
    expect(sensitive?.title).toBeNull();
    expect(JSON.stringify(report)).not.toContain('someone@northside.example');
    expect(keywordsOf('Call me at bob@example.org')).not.toContain('bob@example.org');
  });

  it('renders a self-contained HTML document with SVG charts and escaped text', () => {
    const html = renderReviewHtml(
      { ...report, new_cases: [{ ...report.new_cases[0], title: '<script>alert(1)</script>' }] },
      { organizationName: 'Northside <School>' },
    );
    expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Northside &lt;School&gt;');
    expect(reviewSubject(report, 'Northside School')).toBe(
      '[Review · week 2026-11-23] Northside School: 1 pattern, 3 new',
    );
  });
});
