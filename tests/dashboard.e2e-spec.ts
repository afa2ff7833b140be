import fs from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ApiClient } from './support/api-client';
import { launchBrowser, openPage, screenshot, seriousViolations } from './support/browser';
import { eventually } from './support/eventually';
import {
  ADMIN,
  ROOT,
  type Standalone,
  dropMail,
  mail,
  startStandalone,
  tempDir,
} from './support/standalone-process';
import { totp } from './support/totp';

const CONFIG = path.join(ROOT, 'config');
const PASSWORD = 'Quartz-Lantern-Fjord-83';
const WAIT = { timeout: 30_000 };

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) on a running standalone
 * Orgo with the example organization (SPEC §1, §7; issue: "the dashboard people work in"): the main
 * journeys, a screenshot of every view (written to <home>/screenshots and checked), axe-core on every
 * view, and a Content-Security-Policy that the app never trips.
 */
describe('the dashboard in a browser', () => {
  const home = tempDir('orgo-dashboard-home-');
  const shots = path.join(home, 'screenshots');
  let orgo: Standalone;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const complaints: string[][] = [];
  let admin: ApiClient;

  const context = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const c = await browser.newContext({ viewport, baseURL: orgo.url });
    contexts.push(c);
    const opened = await openPage(c);
    complaints.push(opened.complaints);
    return opened.page;
  };
  const check = async (page: Page, name: string, texts: string[]) => {
    for (const text of texts) await page.getByText(text, { exact: false }).first().waitFor(WAIT);
    expect(await screenshot(page, shots, name)).toBeGreaterThan(5_000);
    expect({ view: name, violations: await seriousViolations(page) }).toEqual({ view: name, violations: [] });
  };
  const signIn = async (page: Page, email: string, otpSecret?: string) => {
    await page.goto('/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(email === ADMIN.email ? ADMIN.password : PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (otpSecret) {
      await page.getByLabel('One-time code (or a recovery code)').fill(totp(otpSecret));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
    }
    await page.getByRole('heading', { name: 'My work' }).waitFor(WAIT);
  };
  const member = async (email: string, extra: Record<string, unknown> = {}) => {
    const created = await admin.request('POST', '/api/v1/users', {
      email,
      password: PASSWORD,
      organizations: ['northside'],
      ...extra,
    });
    expect(created.status).toBe(201);
  };
  /** Opens the app in `page` with the administrator's sign-in of the first journey (a one-time code works once). */
  const asAdministrator = async (page: Page) => {
    await page.goto('/');
    await page.evaluate(
      `sessionStorage.setItem('orgo.session', ${JSON.stringify(JSON.stringify({ access_token: admin.token, refresh_token: '' }))})`,
    );
  };
  const rowOf = (page: Page, title: string) => page.getByRole('row').filter({ hasText: title });

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, home);
    admin = new ApiClient(orgo.url);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  }, 60_000);

  it('signs the administrator in with a one-time code and shows the sample tasks', async () => {
    const page = await context();
    await signIn(page, ADMIN.email, ADMIN.totpSecret);
    for (const title of [
      'URGENT: water leak in room 102',
      'Projector in the library will not turn on',
      'Question about parental leave',
      'Visiting day on Friday?',
    ]) {
      await rowOf(page, title).waitFor(WAIT);
    }
    // The newsletter was ignored by a rule: no task.
    expect(await page.getByText('November newsletter').count()).toBe(0);
    await check(page, 'my-work-administrator', ['You hold no position', 'NS-1']);
    // On a phone, each task is a card and nothing is wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await check(page, 'my-work-phone', ['NS-1']);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    // The API calls of the rest of the suite use this sign-in (a one-time code works once).
    const stored = JSON.parse(
      (await page.evaluate<string | null>("sessionStorage.getItem('orgo.session')")) ?? '{}',
    );
    admin.token = stored.access_token;
    expect((await admin.get('/api/v1/auth/me')).body).toMatchObject({ email: ADMIN.email, role: 'admin' });

    // The task view explains the label and shows the chain.
    await rowOf(page, 'Projector in the library').getByRole('link', { name: 'NS-2' }).click();
    await page.getByRole('button', { name: 'Show the mail' }).click();
    await page.getByText('Hi, the projector in the library').nth(1).waitFor(WAIT);
    await check(page, 'task', [
      'level 1001: staff',
      'category 8: Technical and infrastructure',
      'subcategory 1: Request',
      '1001.IT.Support ← now',
      'routed to 1001.IT.Support',
    ]);

    await page.getByRole('link', { name: 'Organization' }).click();
    await check(page, 'organization', [
      'Northside School',
      'Maintenance lead',
      'jane@northside.example',
      'profile: advocacy_group',
      '1001.Ops.Maintenance → 101.Ops.Maintenance → 11.Ops → 1',
    ]);

    await page.getByRole('link', { name: 'Escalations and load' }).click();
    await check(page, 'load', ['Open tasks by position and level', 'Breaches this week', '1001.IT.Support']);

    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await check(page, 'operations', ['No quarantined mail.', 'The audit chain is intact', ADMIN.email]);
  });

  it('tests a rule on a pasted mail and shows the decision without storing anything', async () => {
    const page = await context();
    await asAdministrator(page);
    await page.goto('/rules');
    await page.getByText('urgent-leak').first().waitFor(WAIT);
    const before = (await admin.get('/api/v1/tasks?limit=200')).body.total;
    await page
      .getByLabel('The mail, as its source (headers and body)')
      .fill(
        'From: visitor@mail.example\nTo: maintenance@northside.example\nSubject: URGENT leak in the gym\n\nWater is leaking from the ceiling.',
      );
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    // The maintenance domain module classifies and tags first (stop: false); the northside rule decides.
    await check(page, 'rules-test', [
      'by maintenance-plumbing-leak, maintenance-location-gym, urgent-leak',
      '1001.81.Ops.Maintenance',
      '1001.Ops.Maintenance → 101.Ops.Maintenance → 11.Ops → 1',
      'every 20s (rule)',
    ]);
    expect((await admin.get('/api/v1/tasks?limit=200')).body.total).toBe(before);
  });

  it('creates a manual task that is labelled and routed like mail', async () => {
    const page = await context();
    await asAdministrator(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'New task' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Replace the broken window in room 12');
    await page.getByLabel('Goes to').selectOption('Ops.Maintenance');
    await page.getByLabel('Type', { exact: true }).fill('maintenance');
    await page.getByLabel('Category', { exact: true }).selectOption('8');
    await check(page, 'new-task', ['New task']);
    await page.getByRole('button', { name: 'Create the task' }).click();
    await page.getByRole('heading', { name: /Replace the broken window in room 12/ }).waitFor(WAIT);
    await check(page, 'task-manual', [
      '1001.81.Ops.Maintenance',
      '1001.Ops.Maintenance ← now',
      'routed to 1001.Ops.Maintenance',
    ]);
  });

  it('merges a duplicate into the first report and splits a second problem out of it, with history on each', async () => {
    const report = async (title: string, id: string) => {
      dropMail(
        home,
        'maintenance@northside.example',
        `${id}.eml`,
        mail({
          from: 'coach.kim@northside.example',
          to: 'maintenance@northside.example',
          subject: title,
          body: 'Since Monday.',
          id: `${id}@northside.example`,
        }),
      );
      return eventually(
        async () =>
          (await admin.get('/api/v1/tasks?limit=200')).body.items.find(
            (t: { title: string }) => t.title === title,
          ),
        (t) => !!t,
        { what: `the task of "${title}"` },
      );
    };
    const first = await report('The gym lights flicker', 'gym-1');
    const duplicate = await report('Lights in the gym keep flickering', 'gym-2');
    const page = await context();
    await asAdministrator(page);
    await page.goto(`/tasks/${duplicate.id}`);
    await page.getByText('Duplicate or two problems?').click();
    await page.getByLabel('This is a duplicate of (task key)').fill(first.key);
    await page.getByRole('button', { name: 'Merge into it' }).click();
    await page.getByRole('heading', { name: /The gym lights flicker/ }).waitFor(WAIT);
    await page.getByText(`duplicate ${duplicate.key} merged into this task`).waitFor(WAIT);
    expect((await admin.get(`/api/v1/tasks/${duplicate.id}`)).body).toMatchObject({
      status: 'cancelled',
      links: { merged_into: first.id },
    });

    await page.getByText('Duplicate or two problems?').click();
    await page.getByLabel('Second problem in the same mail').fill('The gym door does not close either');
    await page.getByRole('button', { name: 'Split it out' }).click();
    await page.getByRole('heading', { name: /The gym door does not close either/ }).waitFor(WAIT);
    await check(page, 'task-split', [`split from ${first.key}`, '1001.81.Ops.Maintenance']);
    expect((await admin.get(`/api/v1/tasks/${first.id}`)).body.links).toMatchObject({
      merged: [duplicate.id],
      split_into: [expect.any(String)],
    });
  });

  it('shows a holder a new mail as a task live; they accept it, set an ETA, comment and resolve it', async () => {
    await member('bob@northside.example');
    const bob = new ApiClient(orgo.url);
    await bob.login({ email: 'bob@northside.example', password: PASSWORD });
    expect(
      (await bob.request('PUT', '/api/v1/me/preferences', { channels: ['email', 'in_app'] })).status,
    ).toBe(200);
    const page = await context();
    await signIn(page, 'bob@northside.example');
    await page.getByText('Tasks of 1001.Ops.Maintenance').waitFor(WAIT);

    dropMail(
      home,
      'maintenance@northside.example',
      'squeak.eml',
      mail({
        from: 'teacher.lee@northside.example',
        to: 'maintenance@northside.example',
        subject: 'The door of room 7 squeaks',
        body: 'Every time it opens.',
        id: 'squeak@northside.example',
      }),
    );
    // No reload: the in-app notification arrives over the event stream, and the list follows it.
    await page
      .getByRole('status')
      .filter({ hasText: /Just now: .*The door of room 7 squeaks/ })
      .waitFor(WAIT);
    await rowOf(page, 'The door of room 7 squeaks').waitFor(WAIT);
    await rowOf(page, 'The door of room 7 squeaks').getByRole('link').first().click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('.badges').getByText('in progress').waitFor(WAIT);
    await page.getByLabel('ETA', { exact: true }).fill('30 minutes');
    await page.getByRole('button', { name: 'Set ETA' }).click();
    await page.getByLabel('Comment', { exact: true }).fill('Bringing oil for the hinges.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByText('Bringing oil for the hinges.').waitFor(WAIT);
    await check(page, 'task-accepted', [
      'status pending → in_progress',
      'ETA set: 30 minutes',
      'comment: Bringing oil for the hinges.',
    ]);
    const task = (await bob.get('/api/v1/tasks?text=squeaks')).body.items[0];
    const events = (await bob.get(`/api/v1/tasks/${task.id}/events`)).body.items.map(
      (e: { type: string }) => e.type,
    );
    expect(events).toEqual(expect.arrayContaining(['status_changed', 'eta_set', 'commented']));

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.badges').getByText('completed').waitFor(WAIT);
  });

  it('brings an escalation to the manager, who accepts and resolves it', async () => {
    await member('jane@northside.example');
    const page = await context();
    await signIn(page, 'jane@northside.example');
    await page.getByText('Tasks of 101.Ops.Maintenance').waitFor(WAIT);
    dropMail(
      home,
      'maintenance@northside.example',
      'flood.eml',
      mail({
        from: 'janitor@northside.example',
        to: 'maintenance@northside.example',
        subject: 'URGENT: leak under the stage',
        body: 'Water everywhere under the stage.',
        id: 'stage-leak@northside.example',
      }),
    );
    // The rule escalates it after 20 s unless someone acts: it arrives in the lead's list as escalated.
    await rowOf(page, 'URGENT: leak under the stage')
      .filter({ hasText: 'escalated' })
      .waitFor({ timeout: 90_000 });
    await check(page, 'my-work-manager', ['URGENT: leak under the stage', 'escalated']);
    await rowOf(page, 'URGENT: leak under the stage').getByRole('link').first().click();
    await page.getByText('101.Ops.Maintenance ← now').waitFor(WAIT);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('.badges').getByText('in progress').waitFor(WAIT);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.badges').getByText('completed').waitFor(WAIT);
  });

  it('takes an anonymous report from the web form; staff see only its pseudonym', async () => {
    const page = await context({ width: 390, height: 844 });
    await page.goto('/report/northside/HR.Policy');
    await page.getByLabel('Subject').fill('Comments from a coworker');
    await page
      .getByLabel('What happened')
      .fill('A coworker keeps making remarks about my appearance in the staff room.');
    await page.getByLabel(/Send anonymously/).check();
    await check(page, 'report-form-phone', ['Report to Northside School']);
    // Fits a phone: nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Send the report' }).click();
    const code = (await page.getByTestId('receipt-code').textContent({ timeout: 60_000 }))!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await check(page, 'report-receipt', ['Your report was received']);

    const task = await eventually(
      async () =>
        (await admin.get('/api/v1/tasks?limit=200')).body.items.find(
          (t: { title: string }) => t.title === 'Comments from a coworker',
        ),
      (t) => !!t,
      { what: 'the web report as a task' },
    );
    expect(task.reporter).toMatch(/^Anon-/);
    const staff = await context();
    await asAdministrator(staff);
    await staff.goto(`/tasks/${task.id}`);
    await check(staff, 'task-sensitive', ['(pseudonym)', task.reporter, 'Only a privacy officer can reveal']);

    // The reporter follows it with the code: the receipt's link carries it in the page's state, never in the address.
    await page.getByRole('link', { name: 'Follow your report' }).click();
    expect(await page.getByLabel('Follow-up code').inputValue()).toBe(code);
    expect(page.url()).not.toContain(code);
    await page.getByRole('button', { name: 'Show the status' }).click();
    await check(page, 'report-status-phone', ['Status:']);
    await page.getByLabel('Add information').fill('It happened again on Monday, in front of two colleagues.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Added to your report.').waitFor({ timeout: 60_000 });
    // It reaches the task's timeline as the reporter's reply: by pseudonym, never an identity.
    const events = await eventually(
      async () =>
        (await admin.get(`/api/v1/tasks/${task.id}/events`)).body.items as {
          type: string;
          actor: string;
          data: Record<string, unknown>;
        }[],
      (items) => items.some((e) => e.type === 'reply_received'),
      { what: 'the added information on the timeline' },
    );
    const reply = events.find((e) => e.type === 'reply_received')!;
    expect(reply).toMatchObject({
      actor: task.reporter,
      data: { text: 'It happened again on Monday, in front of two colleagues.' },
    });
    expect(events.map((e) => e.actor).filter((a) => a.includes('@'))).toEqual([]);
  });

  it('runs a review from the Reviews view, shows its charts, and opens its report HTML with the SVG charts', async () => {
    const page = await context();
    await asAdministrator(page);
    await page.goto('/reviews');
    await page.getByRole('heading', { name: 'Run a review now' }).waitFor(WAIT);
    // The year that ended last before 2 January of next year (in the organization's time zone) is
    // this year, which holds the sample tasks.
    const { timezone } = (await admin.get('/api/v1/organizations/northside')).body;
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric' }).format(new Date()),
    );
    await page.getByLabel('Period', { exact: true }).selectOption('year');
    await page.getByLabel('The period that ended last before (empty: now)').fill(`${year + 1}-01-02`);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/, WAIT);
    const id = /\/reviews\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await check(page, 'review', [
      `Year review of northside, ${year}-01-01`,
      'Cases created, resolved and escalated',
      'By category',
      'Patterns',
    ]);
    const run = (await admin.get(`/api/v1/reviews/${id}`)).body;
    expect(run.report.totals.new).toBeGreaterThanOrEqual(4);
    await page.getByRole('link', { name: '← Reviews' }).click();
    await check(page, 'reviews', ['Runs', `year from ${year}-01-01`]);

    // The report as the mail carries it, served under its own script-free policy, in Chromium.
    const reader = await browser.newContext({
      viewport: { width: 1100, height: 1400 },
      baseURL: orgo.url,
      extraHTTPHeaders: { authorization: `Bearer ${admin.token}` },
    });
    contexts.push(reader);
    const opened = await openPage(reader);
    complaints.push(opened.complaints);
    const response = await opened.page.goto(`/api/v1/reviews/${id}/report.html`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await opened.page.locator('svg').first().waitFor(WAIT);
    const charts = await opened.page.locator('svg').count();
    const bars = await opened.page.locator('svg rect').count();
    expect({ charts: charts >= 2, bars: bars >= 12 }).toEqual({ charts: true, bars: true });
    // Drawn, not just present: the first chart has a size on the page.
    const box = await opened.page.locator('svg').first().boundingBox();
    expect((box?.width ?? 0) > 200 && (box?.height ?? 0) > 100).toBe(true);
    expect(await screenshot(opened.page, shots, 'review-report-html')).toBeGreaterThan(20_000);
  });

  it('loads nothing from elsewhere and breaks no rule of the Content-Security-Policy', async () => {
    const index = await fetch(`${orgo.url}/`);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    expect((await fetch(`${orgo.url}${asset}`)).headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(html).not.toMatch(/https?:\/\//);
    expect(complaints.flat()).toEqual([]);
    expect(fs.readdirSync(shots).length).toBeGreaterThanOrEqual(10);
  });
});
