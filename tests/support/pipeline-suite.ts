import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './api-client';
import { eventually } from './eventually';
import { readOutbox } from './outbox';
import { ROOT, dropMail, mail, tempDir } from './standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/** A running shape of Orgo, as the suite sees it: the API, the home folder, the console output. */
export interface RunningShape {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  /** The distributed shape's PostgreSQL schemas (one per service), for suites that read them raw. */
  postgres?: { url: string; schemas: string[] };
}

/**
 * The pipeline end to end, as a person uses it: a configuration in SPEC's layout, mail dropped into
 * the inbox folders, everything checked through the public API and the outbox folder. The same
 * suite runs against the standalone shape and the distributed one.
 */
export function pipelineSuite(
  shape: string,
  start: (config: string, home: string) => Promise<RunningShape>,
): void {
  describe(`${shape} shape: mail → task → escalation → notification → audit`, () => {
    let orgo: RunningShape;
    let api: ApiClient;
    const home = tempDir(`orgo-${shape}-`);

    beforeAll(async () => {
      orgo = await start(CONFIG, home);
      api = new ApiClient(orgo.url);
      await api.login();
    });

    afterAll(async () => {
      await orgo.stop();
    });

    const tasks = async () => (await api.get('/api/v1/tasks?organization=riverside&limit=100')).body;

    it('needs a token for the API but not for health and docs', async () => {
      const anonymous = new ApiClient(orgo.url);
      expect((await anonymous.get('/api/v1/tasks')).status).toBe(401);
      expect((await anonymous.get('/api/v1/tasks')).body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
      });
      expect((await anonymous.get('/health/live')).status).toBe(200);
      const metrics = await fetch(`${orgo.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('# TYPE orgo_messages_handled_total counter');
      const docs = await anonymous.get('/api/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/tasks', '/api/v1/tasks/{id}', '/api/v1/auth/login']),
      );
      const wrong = await anonymous.request('POST', '/api/v1/auth/login', {
        email: 'admin@orgo.test',
        password: 'nope',
      });
      expect(wrong.status).toBe(401);
    });

    it('serves the dashboard under / without a token, hashed assets cached for a year, the page revalidated, a strict CSP', async () => {
      const page = await fetch(`${orgo.url}/tasks/some-task`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toMatch(
        /default-src 'self';script-src 'self';style-src 'self'/,
      );
      const html = await page.text();
      expect(html).toContain('<div id="root"></div>');
      const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${orgo.url}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      // Not the page: the API's own answers, and files that are not there.
      expect((await fetch(`${orgo.url}/api/v1/nothing-here`)).status).toBe(404);
      expect((await fetch(`${orgo.url}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${orgo.url}/favicon.ico`, { headers: { accept: 'image/*' } })).status).toBe(404);
    });

    it('routes, labels and assigns each mail; sends unclaimed mail to triage; ignores what a rule ignores; quarantines mail without a sender', async () => {
      dropMail(
        home,
        'repairs@riverside.example',
        'heating.eml',
        mail({
          from: 'Maya <maya@members.example>',
          to: 'repairs@riverside.example',
          subject: 'Heating broken in the gym',
          body: 'It is very cold in the gym since Monday.',
          id: 'heating-1@members.example',
        }),
      );
      dropMail(
        home,
        'hello@riverside.example',
        'question.eml',
        mail({
          from: 'visitor@members.example',
          to: 'hello@riverside.example',
          subject: 'Opening hours on Sunday?',
          body: 'Are you open on Sunday?',
          id: 'question-1@members.example',
        }),
      );
      dropMail(
        home,
        'repairs@riverside.example',
        'news.eml',
        mail({
          from: 'news@vendor.example',
          to: 'repairs@riverside.example',
          subject: 'Our November newsletter',
          body: 'Deals.',
          id: 'news-1@vendor.example',
        }),
      );
      dropMail(
        home,
        'lost@riverside.example',
        'stray.eml',
        mail({
          from: 'x@members.example',
          to: 'lost@riverside.example',
          subject: 'Is anyone there?',
          body: 'Hi',
          id: 'stray-1@members.example',
        }),
      );
      dropMail(
        home,
        'hello@riverside.example',
        'nosender.eml',
        'To: hello@riverside.example\r\nSubject: who am I\r\nMessage-ID: <nosender-1@x>\r\n\r\nno sender\r\n',
      );

      const list = await eventually(tasks, (b) => b.total >= 3, { what: 'three tasks' });
      expect(list.total).toBe(3);
      const heating = list.items.find((t: any) => t.source.message_id === 'heating-1@members.example');
      const question = list.items.find((t: any) => t.source.message_id === 'question-1@members.example');
      expect(heating).toMatchObject({
        organization: 'riverside',
        type: 'facilities',
        subtype: 'heating',
        category: 8,
        subcategory: 1,
        label: '1001.81.Facilities.Repairs',
        priority: 'high',
        status: 'pending',
        reporter: 'maya@members.example',
        assignee: { position: '1001.Facilities.Repairs', person: null },
        tags: ['heating'],
        visibility: 'department',
        escalation: {
          level: 0,
          chain: ['1001.Facilities.Repairs', '101.Facilities.Repairs', '11.Facilities', '1'],
        },
        source: { mailbox: 'repairs@riverside.example' },
      });
      expect(heating.key).toMatch(/^[A-Z]{2,4}-\d+$/);
      expect(question).toMatchObject({
        type: 'general',
        label: '101.11.Front.Desk',
        priority: 'medium',
        assignee: { position: '101.Front.Desk' },
      });
      // An address no role owns goes to the organization's triage position.
      const stray = list.items.find((t: any) => t.source.message_id === 'stray-1@members.example');
      expect(stray).toMatchObject({
        assignee: { position: '101.Front.Desk' },
        source: { mailbox: 'lost@riverside.example' },
      });

      // The newsletter and the mail without a sender never became tasks, and the console says why.
      await eventually(
        async () => orgo.output(),
        (o) => o.includes('ignored') && o.includes('quarantined'),
        { what: 'console lines' },
      );
      expect(orgo.output()).toMatch(/ignored\s+"Our November newsletter"/);
      expect(orgo.output()).toMatch(/quarantined\s+mail to hello@riverside.example: EMAIL.NO_SENDER/);
      expect(fs.readdirSync(path.join(home, 'processed', 'repairs@riverside.example')).sort()).toEqual([
        'heating.eml',
        'news.eml',
      ]);
    });

    it('escalates an unresolved task one step up its chain, relabels it, notifies and audits it', async () => {
      const heating = (await tasks()).items.find(
        (t: any) => t.source.message_id === 'heating-1@members.example',
      );
      const escalated = await eventually(
        async () => (await api.get(`/api/v1/tasks/${heating.id}`)).body,
        (t) => t.escalation.level >= 1,
        { what: 'escalation', timeoutMs: 15_000 },
      );
      // Every 2 seconds it climbs one more step: check the state against the chain, the steps in the timeline.
      expect(escalated.status).toBe('escalated');
      expect(escalated.assignee.position).toBe(escalated.escalation.chain[escalated.escalation.level]);
      expect(['101.81.Facilities.Repairs', '11.81.Facilities', '1.81']).toContain(escalated.label);

      const events = (await api.get(`/api/v1/tasks/${heating.id}/events`)).body;
      // The pre-breach warning (SPEC §6, at 80 % of the reactivity time) comes before the step, when
      // the scheduler fires it before the escalation; a step taken first makes it moot.
      const types: string[] = events.items.map((e: any) => e.type);
      expect(types.filter((t) => t !== 'breach_warning').slice(0, 3)).toEqual([
        'created',
        'routed',
        'escalated',
      ]);
      expect(types.indexOf('breach_warning')).toBeLessThan(types.indexOf('escalated'));
      const step = events.items.find((e: any) => e.type === 'escalated');
      expect(step.data).toMatchObject({
        from: '1001.Facilities.Repairs',
        to: '101.Facilities.Repairs',
        label_to: '101.81.Facilities.Repairs',
        reason: 'reactivity_elapsed',
      });

      const mails = await eventually(
        () => readOutbox(home),
        (m) => m.some((x) => x.subject.includes('Escalated')),
        {
          what: 'escalation mail in the outbox',
        },
      );
      // One mail per recipient (each has its own delivery state and preferences); the profile's
      // notification scope (retail_chain: department) reaches both holders of the position.
      const assigned = mails.filter(
        (m) => m.subject === `[${heating.key} · 1001.81.Facilities.Repairs] Heating broken in the gym`,
      );
      expect(assigned.every((m) => m.to.length === 1)).toBe(true);
      expect(assigned.flatMap((m) => m.to)).toEqual(
        expect.arrayContaining(['handy1@riverside.example', 'handy2@riverside.example']),
      );
      for (const m of assigned) {
        expect(m.replyTo).toEqual(['repairs@riverside.example']);
        expect(m.headers.get('auto-submitted')).toBe('auto-generated');
        expect(m.text).toContain('It is very cold in the gym since Monday.');
      }
      const escalation = mails.find(
        (m) =>
          m.subject === `[${heating.key} · 101.81.Facilities.Repairs] Escalated: Heating broken in the gym` &&
          m.to.includes('lead@riverside.example'),
      );
      expect(escalation).toMatchObject({ to: ['lead@riverside.example'] });
      expect(escalation?.text).toMatch(/nobody resolved it in time/);
      expect(escalation?.text).toMatch(/Was: +1001\.81\.Facilities\.Repairs/);

      const audit = await eventually(
        async () => (await api.get(`/api/v1/audit?task_id=${heating.id}`)).body,
        (b) => b.items?.some((e: any) => e.action === 'task.facilities.escalated'),
        { what: 'audit of the escalation' },
      );
      const actions = audit.items.map((e: any) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'task.facilities.created',
          'task.facilities.routed',
          'task.facilities.escalated',
        ]),
      );
      expect(audit.items.every((e: any) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      const verify = await api.get('/api/v1/audit/verify');
      expect(verify.body).toMatchObject({ ok: true, broken: null });
      expect(verify.body.checked).toBeGreaterThan(5);
    });

    it('ends escalation with an alert at the top of the chain, each step once', async () => {
      const heating = (await tasks()).items.find(
        (t: any) => t.source.message_id === 'heating-1@members.example',
      );
      const events = await eventually(
        async () => (await api.get(`/api/v1/tasks/${heating.id}/events`)).body.items,
        (items: any[]) => items.some((e) => e.type === 'escalation_ended'),
        { what: 'end of escalation', timeoutMs: 20_000 },
      );
      const steps = events
        .filter((e: any) => e.type === 'escalated')
        .map((e: any) => [e.data.to, e.data.label_to]);
      expect(steps).toEqual([
        ['101.Facilities.Repairs', '101.81.Facilities.Repairs'],
        ['11.Facilities', '11.81.Facilities'],
        ['1', '1.81'],
      ]);
      const final = (await api.get(`/api/v1/tasks/${heating.id}`)).body;
      expect(final).toMatchObject({
        label: '1.81',
        assignee: { position: '1' },
        escalation: { level: 3, next_due_at: null },
      });
      await eventually(
        () => readOutbox(home),
        (m) =>
          m.some(
            (x) =>
              x.subject.startsWith(`[${heating.key} · 1.81] Unresolved at the top of its chain`) &&
              x.to.includes('director@riverside.example'),
          ),
        { what: 'alert mail to the director' },
      );
    });

    it('walks the lifecycle through PATCH and refuses an illegal transition with 409 and a reason', async () => {
      const question = (await tasks()).items.find(
        (t: any) => t.source.message_id === 'question-1@members.example',
      );
      const accepted = await api.request('PATCH', `/api/v1/tasks/${question.id}`, { status: 'in_progress' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'in_progress', assignee: { person: 'admin@orgo.test' } });
      const done = await api.request('PATCH', `/api/v1/tasks/${question.id}`, {
        status: 'completed',
        reason: 'answered by phone',
      });
      expect(done.body.status).toBe('completed');
      const illegal = await api.request('PATCH', `/api/v1/tasks/${question.id}`, { status: 'in_progress' });
      expect(illegal.status).toBe(409);
      expect(illegal.body).toMatchObject({
        statusCode: 409,
        details: { code: 'TASK.ILLEGAL_TRANSITION', from: 'completed', to: 'in_progress' },
      });
      expect(illegal.body.message).toMatch(/completed/);
      const events = (await api.get(`/api/v1/tasks/${question.id}/events`)).body.items;
      expect(
        events
          .filter((e: any) => e.type === 'status_changed')
          .map((e: any) => [e.data.from, e.data.to, e.actor]),
      ).toEqual([
        ['pending', 'in_progress', 'admin@orgo.test'],
        ['in_progress', 'completed', 'admin@orgo.test'],
      ]);
      const bad = await api.request('PATCH', `/api/v1/tasks/${question.id}`, { status: 'finished' });
      expect(bad.status).toBe(400);
    });

    it('filters, sorts and paginates the task list and validates its input', async () => {
      expect((await api.get('/api/v1/tasks?label=1001.8')).body.items.map((t: any) => t.type)).toEqual([]);
      expect((await api.get('/api/v1/tasks?label=101.11')).body.total).toBe(2);
      expect(
        (await api.get('/api/v1/tasks?label=101.11.Front.Desk&text=sunday')).body.items[0].source.message_id,
      ).toBe('question-1@members.example');
      expect((await api.get('/api/v1/tasks?status=completed')).body.total).toBe(1);
      expect((await api.get('/api/v1/tasks?priority=high&type=facilities')).body.total).toBe(1);
      expect((await api.get('/api/v1/tasks?text=gym')).body.total).toBe(1);
      expect((await api.get('/api/v1/tasks?assignee=101.Front.Desk')).body.total).toBe(2);
      expect((await api.get('/api/v1/tasks?organization=elsewhere')).body.total).toBe(0);
      const page = (await api.get('/api/v1/tasks?limit=1&offset=1&sort=-priority')).body;
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(page.items.map((t: any) => t.priority)).toEqual(['medium']);
      const bad = await api.get('/api/v1/tasks?priority=urgent&limit=5000');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/priority/);
      expect((await api.get('/api/v1/tasks/not-a-uuid')).status).toBe(400);
      expect((await api.get('/api/v1/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });
}
