import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ReviewReportV1, TaskSnapshotV1 } from '@orgo/contracts';

import { buildReviewReport } from './build-report';
import { lastCompletedPeriod } from './periods';
import { reviewCaseOf } from './review-case';

/**
 * docs/reviews.md "Report JSON schema" is the contract readers of the JSON report build on: the
 * reports `buildReviewReport` makes must match it, and it must stay closed (no unknown keys).
 * ajv is not a dependency of the workspace, so a small checker covers the subset the schema uses
 * and refuses any keyword it does not know (a schema using more would not be checked silently).
 */
type Schema = Record<string, unknown>;

function schemaFromDocs(): Schema {
  const markdown = readFileSync(join(__dirname, '../../../docs/reviews.md'), 'utf8');
  const section = markdown.split(/^## Report JSON schema$/m)[1];
  if (section === undefined) throw new Error('docs/reviews.md has no "## Report JSON schema" heading');
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('docs/reviews.md has no ```json block after "## Report JSON schema"');
  return JSON.parse(block[1]) as Schema;
}

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The errors of `value` against `schema` (JSON Pointer paths), empty when it is valid. */
function validate(root: Schema, schema: Schema, value: unknown, path = ''): string[] {
  const errors: string[] = [];
  const at = path || '/';
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': {
        const ref = rule as string;
        if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
        const target = ref
          .slice(2)
          .split('/')
          .reduce<unknown>((node, part) => (node as Schema | undefined)?.[part], root);
        if (!target) throw new Error(`unresolved $ref ${ref}`);
        errors.push(...validate(root, target as Schema, value, path));
        break;
      }
      case 'type': {
        const types = Array.isArray(rule) ? (rule as string[]) : [rule as string];
        const actual = typeOf(value);
        if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
          errors.push(`${at}: ${actual} is not ${types.join(' or ')}`);
        break;
      }
      case 'const':
        if (value !== rule) errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(rule)}`);
        break;
      case 'enum':
        if (!(rule as unknown[]).includes(value))
          errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(rule)}`);
        break;
      case 'format':
        if (rule !== 'date-time') throw new Error(`unsupported format ${String(rule)}`);
        if (typeof value === 'string' && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))))
          errors.push(`${at}: ${value} is not a date-time`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (rule as number)) errors.push(`${at}: ${value} < ${rule}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > (rule as number)) errors.push(`${at}: ${value} > ${rule}`);
        break;
      case 'required':
        if (typeOf(value) === 'object')
          for (const key of rule as string[])
            if (!(key in (value as object))) errors.push(`${at}: missing ${key}`);
        break;
      case 'properties':
        if (typeOf(value) === 'object')
          for (const [key, sub] of Object.entries(rule as Record<string, Schema>))
            if (key in (value as object))
              errors.push(...validate(root, sub, (value as Record<string, unknown>)[key], `${path}/${key}`));
        break;
      case 'additionalProperties': {
        if (rule !== false) throw new Error('only additionalProperties: false is supported');
        const known = Object.keys((schema.properties as object | undefined) ?? {});
        if (typeOf(value) === 'object')
          for (const key of Object.keys(value as object))
            if (!known.includes(key)) errors.push(`${at}: unknown property ${key}`);
        break;
      }
      case 'items':
        if (Array.isArray(value))
          value.forEach((item, i) => errors.push(...validate(root, rule as Schema, item, `${path}/${i}`)));
        break;
      default:
        throw new Error(`unsupported schema keyword ${keyword} at ${at}`);
    }
  }
  return errors;
}

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
    tags: ['location:lobby', 'equipment:mop'],
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

const schema = schemaFromDocs();
const check = (report: unknown) => validate(schema, schema, report);
const sensitivity = { count: 3, window: '30d' };
const responsibleOf = () => '11.Ops';

describe('the report JSON schema of docs/reviews.md', () => {
  const week = buildReviewReport({
    organization: 'northside',
    timezone: 'America/Toronto',
    period: lastCompletedPeriod('week', '2026-12-01T12:00:00Z', 'America/Toronto'),
    asOf: '2026-11-30T05:00:00.000Z',
    cases: [
      snapshot('2026-11-10T15:00:00.000Z', { priority: 'critical' }),
      snapshot('2026-11-23T15:00:00.000Z', { severity: 'critical' }),
      snapshot('2026-11-24T15:00:00.000Z', { status: 'completed', updated_at: '2026-11-24T21:30:00.000Z' }),
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
      snapshot('2026-11-26T10:00:00.000Z', {
        title: 'A private matter',
        sensitive: true,
        subtype: null,
        tags: [],
      }),
      ...['Printer jams on every page', 'The printer jams every page again', 'printer jams every page'].map(
        (title, i) =>
          snapshot(`2026-11-2${i + 3}T11:00:00.000Z`, {
            type: 'it',
            subtype: 'hardware',
            title,
            description: '',
            tags: [],
          }),
      ),
    ].map(reviewCaseOf),
    sensitivity,
    responsibleOf,
  });

  const yearPeriod = lastCompletedPeriod('year', '2027-01-02T00:00:00Z', 'UTC');
  const lobbyAt = (dates: string[]) =>
    dates.map((d) => snapshot(`${d}T09:00:00.000Z`, { status: 'completed' }));
  const investigation = (opened: string, closed: string) =>
    snapshot(opened, {
      type: 'investigation',
      subtype: 'maintenance',
      category: 3,
      subcategory: 4,
      label: '11.34.Ops',
      status: 'completed',
      updated_at: closed,
      tags: ['location:lobby'],
      metadata: { review_cluster: 'maintenance/slip/location:lobby' },
    });
  const year = buildReviewReport({
    organization: 'northside',
    timezone: 'UTC',
    period: yearPeriod,
    asOf: yearPeriod.end,
    cases: lobbyAt(['2026-02-10', '2026-02-15', '2026-02-20', '2026-04-20', '2026-12-10']).map(reviewCaseOf),
    investigations: [
      investigation('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
      investigation('2026-12-12T00:00:00.000Z', '2026-12-20T00:00:00.000Z'),
    ].map(reviewCaseOf),
    sensitivity,
    responsibleOf,
  });

  it('extracts a draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts a weekly report with patterns (anchored and keyword) and a sensitive case', () => {
    // The lobby's cases are the mop's: one pattern sharing both anchors.
    expect(week.patterns.map((p) => [p.cluster, p.shared])).toEqual([
      ['it/hardware/keywords:every+jams+page+printer', ['every', 'jams', 'page', 'printer']],
      ['maintenance/slip/equipment:mop', ['equipment:mop', 'location:lobby']],
    ]);
    expect(week.new_cases.some((c) => c.title === null && c.subtype === null)).toBe(true);
    expect(week.effectiveness).toEqual([]);
    expect(check(week)).toEqual([]);
  });

  it('accepts a yearly report with effectiveness entries, one with a verdict and one too early to tell', () => {
    expect(year.trend).toHaveLength(12);
    expect(year.effectiveness.map((e) => [e.before, e.after, e.verdict])).toEqual([
      [3, 1, 'improved'],
      [1, 0, null],
    ]);
    expect(check(year)).toEqual([]);
  });

  it('accepts an empty report (nulls for rates and medians)', () => {
    const empty = buildReviewReport({
      organization: 'northside',
      timezone: 'UTC',
      period: lastCompletedPeriod('day', '2026-11-30T12:00:00Z', 'UTC'),
      asOf: '2026-11-30T00:00:00.000Z',
      cases: [],
      sensitivity,
      responsibleOf,
    });
    expect(empty.rates.escalation_rate).toBeNull();
    expect(check(empty)).toEqual([]);
  });

  it('refuses an unknown top-level key, a missing field, an unknown nested key and a wrong type', () => {
    expect(check({ ...week, extra: true })).toEqual(['/: unknown property extra']);
    const { stuck: _stuck, ...missing } = week;
    expect(check(missing)).toEqual(['/: missing stuck']);
    const nested: ReviewReportV1 = {
      ...week,
      new_cases: [
        { ...week.new_cases[0], reporter: 'someone@northside.example' } as ReviewReportV1['new_cases'][0],
      ],
    };
    expect(check(nested)).toEqual(['/new_cases/0: unknown property reporter']);
    expect(check({ ...year, effectiveness: [{ ...year.effectiveness[0], verdict: 'better' }] })).toHaveLength(
      1,
    );
    expect(check({ ...week, totals: { ...week.totals, new: '3' } })).toEqual([
      '/totals/new: string is not integer',
    ]);
  });
});
