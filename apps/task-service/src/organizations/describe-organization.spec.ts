import path from 'node:path';

import { loadConfig } from '@orgo/config';
import { OrganizationDirectory } from '@orgo/domain';

import { describeOrganization } from './describe-organization';

const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'tests', 'fixtures', 'business-time', 'config');

describe('describeOrganization', () => {
  const config = loadConfig(FIXTURE);
  const view = (slug: string) => {
    const model = config.organizations.find((o) => o.slug === slug);
    if (!model) throw new Error(`fixture has no organization ${slug}`);
    return describeOrganization(model, new OrganizationDirectory(model));
  };

  it('shows the business calendar, each position’s calendar source and the warning share', () => {
    const office = view('office');
    expect(office.calendar).toEqual({
      timezone: 'America/Toronto',
      hours: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-18:00'], sat: [], sun: [] },
      holidays: [{ date: '2026-12-25', name: 'Christmas' }],
    });
    expect(office.warn_at).toBe(0.8);
    const source = (id: string) => office.positions.find((p) => p.id === id)?.calendar_source;
    expect(source('1001.Ops.Repairs')).toBe('organization');
    expect(source('1001.Ops.Oncall')).toBe('always');
  });

  it('shows round-the-clock time and the configured warning share of an organization without a calendar', () => {
    const club = view('club');
    expect(club.calendar).toBeNull();
    expect(club.warn_at).toBe(0.5);
  });
});
