import path from 'node:path';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { dropMail, mail, standaloneShape, tempDir } from './support/standalone-process';
import { createMember } from './support/users';

const CONFIG = path.join(__dirname, 'fixtures', 'riverside', 'config');

/**
 * SPEC §7 reviews through the public API, in both shapes: an administrator runs a review now
 * (`POST /reviews/run`), lists and reads it (`GET /reviews`, `GET /reviews/{id}`), gets its HTML
 * with the SVG charts under a CSP that runs no script; the director (level 1) and the facilities
 * manager (11) read reviews, a handyperson (1001) may not; bad input is a clear 400.
 */
describe.each([
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
])('reviews API (%s)', (_shape, start) => {
  let orgo: RunningShape;
  const home = tempDir('orgo-reviews-api-home-');
  let admin: ApiClient;
  let runId: string;

  beforeAll(async () => {
    orgo = await start(CONFIG, home);
    admin = new ApiClient(orgo.url);
    await admin.login();
    for (let i = 1; i <= 3; i++) {
      dropMail(
        home,
        'repairs@riverside.example',
        `leak-${i}.eml`,
        mail({
          from: 'visitor@members.example',
          to: 'repairs@riverside.example',
          subject: `Leak ${i} in the hall`,
          body: 'Water on the floor.',
          id: `reviews-api-${i}@members.example`,
        }),
      );
    }
    await eventually(
      () => admin.get('/api/v1/tasks?limit=10'),
      (r) => r.body?.total >= 3,
      { what: 'three tasks', timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await orgo?.stop();
  });

  it('runs a review of the current week and stores it; running it again gives the same report', async () => {
    const at = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const run = await admin.request('POST', '/api/v1/reviews/run', {
      organization: 'riverside',
      period: 'week',
      at,
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({
      organization: 'riverside',
      period: 'week',
      trigger: 'manual',
      actor: expect.any(String),
      report: { schema: 'orgo.review/1' },
    });
    expect(run.body.report.totals.new).toBeGreaterThanOrEqual(3);
    expect(run.body.report.new_cases.map((c: { title: string }) => c.title)).toEqual(
      expect.arrayContaining(['Leak 1 in the hall', 'Leak 2 in the hall', 'Leak 3 in the hall']),
    );
    runId = run.body.id;
    const again = await admin.request('POST', '/api/v1/reviews/run', {
      organization: 'riverside',
      period: 'week',
      at,
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(runId);
    expect(again.body.report).toEqual(run.body.report);
  });

  it('lists runs and answers one with its report, and its HTML under a script-free CSP', async () => {
    const list = await admin.get('/api/v1/reviews?organization=riverside&period=week');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, page_size: 20 });
    expect(list.body.items[0]).not.toHaveProperty('report');
    const one = await admin.get(`/api/v1/reviews/${runId}`);
    expect(one.body.report.period.kind).toBe('week');
    const html = await fetch(`${orgo.url}/api/v1/reviews/${runId}/report.html`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await html.text();
    expect(text).toContain('<svg class="chart"');
    expect(text).not.toMatch(/<script/i);
    expect((await admin.get('/api/v1/reviews/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets leadership and department heads read, not staff; only administrators run', async () => {
    const director = await createMember(admin, orgo.url, 'director@riverside.example', ['riverside']);
    const manager = await createMember(admin, orgo.url, 'facilities@riverside.example', ['riverside']);
    const handy = await createMember(admin, orgo.url, 'handy1@riverside.example', ['riverside']);
    expect((await director.get('/api/v1/reviews')).body.total).toBe(2);
    expect((await manager.get(`/api/v1/reviews/${runId}`)).status).toBe(200);
    const refused = await handy.get('/api/v1/reviews');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/leadership or department-head/);
    expect(
      (await director.request('POST', '/api/v1/reviews/run', { organization: 'riverside', period: 'week' }))
        .status,
    ).toBe(403);
  });

  it('refuses a bad period, date or organization with a clear message', async () => {
    const period = await admin.request('POST', '/api/v1/reviews/run', {
      organization: 'riverside',
      period: 'fortnight',
    });
    expect(period.status).toBe(400);
    expect(JSON.stringify(period.body.message)).toContain(
      'period must be one of day, week, month, quarter, year',
    );
    const at = await admin.request('POST', '/api/v1/reviews/run', {
      organization: 'riverside',
      period: 'week',
      at: 'yesterday',
    });
    expect(at.status).toBe(400);
    expect(JSON.stringify(at.body.message)).toContain('ISO 8601');
    const org = await admin.request('POST', '/api/v1/reviews/run', {
      organization: 'nowhere',
      period: 'week',
    });
    expect(org.status).toBe(404);
  });
});
