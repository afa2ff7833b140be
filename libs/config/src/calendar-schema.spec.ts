import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ValidationError, type ValidationIssue, addBusinessTime, positionCalendar } from '@orgo/domain';
import yaml from 'js-yaml';

import { checkCalendar, checkWarningFraction } from './calendar-schema';
import { Checker } from './checker';
import { loadConfig } from './load-config';

const FILE = 'organizations/acme/organization.yaml';
const ORG = `metadata: { version: "1.0" }
organization:
  slug: acme
  name: Acme Works
  timezone: America/Toronto
  calendar: { hours: { mon-fri: "09:00-18:00", sat: "10:00-12:00" }, holidays: [2026-12-25, { date: "2027-01-01", name: New Year }] }
  warn_at: 75%
positions:
  - { id: "1", title: CEO, holders: [ceo@acme.example] }
  - { id: "11.Ops", title: Head, holders: [head@acme.example], calendar: { hours: { mon-sun: "07:00-12:00, 13:00-19:00" } } }
  - { id: "1001.Ops.Oncall", title: On call, holders: [oncall@acme.example], calendar: always }
roles:
  - { id: Ops.Oncall, addresses: [oncall@acme.example] }
`;

function load(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-calendar-'));
  fs.mkdirSync(path.join(dir, 'organizations', 'acme'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'global'));
  fs.writeFileSync(path.join(dir, 'global', 'base_config.yaml'), 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n');
  fs.writeFileSync(path.join(dir, FILE), text);
  try {
    return { organization: loadConfig(dir, { env: {} }).organizations[0], issues: [] as ValidationIssue[] };
  } catch (error) {
    if (error instanceof ValidationError) return { organization: undefined, issues: error.issues };
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks one `calendar:` value written in YAML; returns the calendar and the issues found. */
function calendarOf(text: string, allowAlways = false) {
  const check = new Checker(FILE, []);
  const calendar = checkCalendar(check, yaml.load(text), 'organization.calendar', { timezone: 'UTC', holidays: [] }, allowAlways);
  return { calendar, issues: check.issues };
}

describe('calendars in organization.yaml', () => {
  it('reads the organization’s calendar, a position’s own and `always`, and the warning share', () => {
    const { organization, issues } = load(ORG);
    expect(issues).toEqual([]);
    const week = organization?.calendar?.week;
    expect(organization?.calendar).toMatchObject({ timezone: 'America/Toronto', holidays: [{ date: '2026-12-25' }, { date: '2027-01-01', name: 'New Year' }] });
    expect(week?.[0]).toEqual([[540, 1080]]);
    expect(week?.[5]).toEqual([[600, 720]]);
    expect(week?.[6]).toEqual([]);
    expect(organization?.warningFraction).toBe(0.75);
    // The head's calendar has its own hours and keeps the organization's zone and holidays.
    const head = positionCalendar(organization!, '11.Ops');
    expect(head).toMatchObject({ name: '11.Ops', calendar: { timezone: 'America/Toronto', holidays: organization?.calendar?.holidays } });
    expect(head.calendar?.week[6]).toEqual([[420, 720], [780, 1140]]);
    expect(positionCalendar(organization!, '1001.Ops.Oncall')).toEqual({ name: null, calendar: null });
    expect(positionCalendar(organization!, '1')).toMatchObject({ name: 'organization' });
    // Christmas Friday 2026 is closed: Thursday 17:55 + 10 minutes is Saturday 10:05.
    expect(addBusinessTime(new Date('2026-12-24T22:55:00Z'), 600_000, organization!.calendar!).toISOString()).toBe('2026-12-26T15:05:00.000Z');
  });

  it('counts round the clock for an organization without a calendar', () => {
    const { organization } = load(ORG.replace(/ {2}calendar: \{ hours.*\n/, '').replace('calendar: { hours: { mon-sun: "07:00-12:00, 13:00-19:00" } }', 'calendar: always'));
    expect(organization?.calendar).toBeUndefined();
    expect(positionCalendar(organization!, '1')).toEqual({ name: null, calendar: null });
  });

  it('reads several intervals as a list, closed days, wrapping ranges and lists of days', () => {
    const { calendar, issues } = calendarOf('{ timezone: Europe/Paris, hours: { "fri-mon": ["13:00-17:00", "08:00-12:00"], "wed, thu": "00:00-24:00", tue: closed } }');
    expect(issues).toEqual([]);
    expect(calendar).toMatchObject({ timezone: 'Europe/Paris', week: [[[480, 720], [780, 1020]], [], [[0, 1440]], [[0, 1440]], [[480, 720], [780, 1020]], [[480, 720], [780, 1020]], [[480, 720], [780, 1020]]] });
  });

  it.each([
    ['a calendar with no open hours', '{ hours: { mon-sun: closed } }', 'organization.calendar.hours', /at least one opening interval/],
    ['no hours', '{ timezone: UTC }', 'organization.calendar.hours', /required/],
    ['an unknown key', '{ hours: { mon: "09:00-17:00" }, weekends: true }', 'organization.calendar.weekends', /one of the keys/],
    ['a bad zone', '{ timezone: Mars/Olympus, hours: { mon: "09:00-17:00" } }', 'organization.calendar.timezone', /IANA/],
    ['a bad day', '{ hours: { monday-friday: "09:00-17:00" } }', 'organization.calendar.hours.monday-friday', /a day or a range of days/],
    ['a day given twice', '{ hours: { mon-fri: "09:00-17:00", fri: "09:00-12:00" } }', 'organization.calendar.hours.fri', /given once/],
    ['an interval across midnight', '{ hours: { fri: "22:00-02:00" } }', 'organization.calendar.hours.fri', /within one day/],
    ['a bad time', '{ hours: { fri: "9h-17h" } }', 'organization.calendar.hours.fri', /HH:MM-HH:MM/],
    ['overlapping intervals', '{ hours: { fri: "09:00-13:00, 12:00-17:00" } }', 'organization.calendar.hours.fri', /do not overlap/],
    ['a number of hours', '{ hours: { fri: 8 } }', 'organization.calendar.hours.fri', /opening hours such as/],
    ['a date that does not exist', '{ hours: { fri: "09:00-17:00" }, holidays: ["2026-02-30"] }', 'organization.calendar.holidays[0]', /YYYY-MM-DD/],
    ['a holiday without a date', '{ hours: { fri: "09:00-17:00" }, holidays: [{ name: Party }] }', 'organization.calendar.holidays[0].date', /required/],
    ['a position word at the organization', 'always', 'organization.calendar', /a mapping with keys/],
  ])('%s → an issue naming the key', (_name, text, key, expected) => {
    const { calendar, issues } = calendarOf(text);
    expect(calendar).toBeUndefined();
    expect(issues).toContainEqual(expect.objectContaining({ file: FILE, path: key, expected: expect.stringMatching(expected), found: expect.any(String) }));
  });

  it('accepts the commented example of the example organization once uncommented', () => {
    const example = path.resolve(__dirname, '../../../config');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-calendar-example-'));
    try {
      fs.cpSync(example, dir, { recursive: true });
      const file = path.join(dir, 'organizations', 'northside', 'organization.yaml');
      const text = fs.readFileSync(file, 'utf8');
      const uncommented = text.replace(/^ {2}# (calendar:|  hours:|  holidays:|warn_at:)/gm, '  $1');
      expect(uncommented).not.toBe(text);
      fs.writeFileSync(file, uncommented);
      const northside = loadConfig(dir, { env: {} }).organizations.find((o) => o.slug === 'northside');
      expect(northside?.calendar).toMatchObject({ timezone: 'America/Toronto', week: [[[480, 990]], [[480, 990]], [[480, 990]], [[480, 990]], [[480, 990]], [], []] });
      expect(northside?.warningFraction).toBe(0.8);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts `always` only for a position', () => {
    expect(calendarOf('always', true)).toEqual({ calendar: 'always', issues: [] });
    const { issues } = load(ORG.replace('calendar: always', 'calendar: sometimes'));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'positions[2].calendar', expected: expect.stringContaining("'always'"), hint: expect.stringContaining('mon-fri') }));
  });

  it('reads the warning share as a percentage, a fraction or off', () => {
    const share = (raw: unknown) => {
      const check = new Checker(FILE, []);
      return { value: checkWarningFraction(check, raw, 'organization.warn_at'), issues: check.issues };
    };
    expect(share('80%').value).toBe(0.8);
    expect(share(0.5).value).toBe(0.5);
    expect(share('off').value).toBeNull();
    expect(share(undefined).value).toBeUndefined();
    for (const bad of ['120%', 0, 'soon', '80']) expect(share(bad).issues).toEqual([expect.objectContaining({ path: 'organization.warn_at', expected: expect.stringContaining("'80%'") })]);
  });
});
