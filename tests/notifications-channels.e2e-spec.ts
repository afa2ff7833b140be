import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

const TOKEN = 'sms-token-2026';
const ZONE = 'America/Toronto';

/** `HH:MM` in the organization's time zone, `minutes` from now. */
function localTime(minutes: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + minutes * 60_000));
}

/**
 * Channels and timing per person (SPEC §6 per-person preferences): the organization file's
 * `people[].notify` and what a person saves through the API decide the channels (email, SMS through
 * a webhook provider the test runs, in-app), and quiet hours or a digest hold a notification back.
 */
describe('notification channels and preferences (standalone)', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  let webhook: http.Server;
  const sms: { authorization: string | undefined; body: Record<string, unknown> }[] = [];
  let smsCalls = 0;
  const home = tempDir('orgo-channels-home-');

  function config(port: number): string {
    const dir = tempDir('orgo-channels-config-');
    fs.cpSync(path.join(__dirname, 'fixtures', 'riverside', 'config'), dir, { recursive: true });
    const org = path.join(dir, 'organizations', 'riverside', 'organization.yaml');
    fs.writeFileSync(
      org,
      fs.readFileSync(org, 'utf8').replace(
        'people:\n',
        `people:
  - { email: handy1@riverside.example, name: Hana Handy, phone: "+15550101", notify: { channels: [email, sms] } }
  - { email: handy2@riverside.example, name: Hugo Handy, notify: { channels: [in_app] } }
  - { email: facilities@riverside.example, name: Fay Facilities, notify: { digest: daily } }
`,
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'organizations', 'riverside', 'rules', 'zz-channels.yaml'),
      `metadata: { version: "1.0" }
rules:
  - name: boiler
    priority: 100
    condition: "subject contains 'boiler'"
    action: { type: facilities, subtype: boiler, category: 8, subcategory: 4, route_to: Facilities.Repairs, escalate_after: 1h }
`,
    );
    fs.mkdirSync(path.join(dir, 'services', 'notifier'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'services', 'notifier', 'notifier.yaml'),
      `metadata: { version: "1.0" }
email_transports: [file]
sms: { provider: webhook, webhook: { url: "http://127.0.0.1:${port}/send", secret: sms_token } }
retry: { delays: [1s, 1s], permanent_failures: fail_fast }
digest: { daily_at: "08:00" }
`,
    );
    return dir;
  }

  beforeAll(async () => {
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        smsCalls++;
        // The provider is down for the first message, then accepts.
        if (smsCalls === 1) {
          res.writeHead(503).end('busy');
          return;
        }
        sms.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    orgo = await startStandalone(config((webhook.address() as AddressInfo).port), home, undefined, { ORGO_NOTIFIER_SECRET_SMS_TOKEN: TOKEN });
    admin = new ApiClient(orgo.url);
    await admin.login();
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });

  const as = async (email: string) => {
    const password = 'Riverside-Person-2026';
    expect((await admin.request('POST', '/api/v1/users', { email, password, organizations: ['riverside'] })).status).toBe(201);
    const client = new ApiClient(orgo.url);
    await client.login({ email, password });
    return client;
  };

  it('checks a person\'s preferences and keeps what they set', async () => {
    const lead = await as('lead@riverside.example');
    const bad = await lead.request('PUT', '/api/v1/me/preferences', { quiet_hours: '22h-7h' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/quiet_hours must be .*HH:MM-HH:MM/);
    const noPhone = await lead.request('PUT', '/api/v1/me/preferences', { channels: ['sms'] });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.message).toContain('SMS needs a phone number');
    const window = `${localTime(-60)}-${localTime(120)}`;
    const set = await lead.request('PUT', '/api/v1/me/preferences', { quiet_hours: window });
    expect(set.status).toBe(200);
    expect(set.body.items).toEqual([{ email: 'lead@riverside.example', organization: 'riverside', channels: ['email'], quiet_hours: window, digest: 'immediate', overridden: ['quiet_hours'] }]);
    expect((await lead.get('/api/v1/me/preferences')).body.items[0]).toMatchObject({ quiet_hours: window, overridden: ['quiet_hours'] });
  });

  it('sends on the channels each person chose, and holds for quiet hours and the daily digest', async () => {
    dropMail(home, 'repairs@riverside.example', 'boiler.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The boiler makes a knocking noise', body: 'Loud knocks every morning.', id: 'boiler-1@members.example' }));
    const task = await eventually(
      async () => (await admin.get('/api/v1/tasks?organization=riverside')).body.items.find((t: any) => t.title === 'The boiler makes a knocking noise'),
      (t) => Boolean(t),
      { what: 'the boiler task' },
    );
    const settled = (items: any[]) => items.filter((n) => n.status === 'sent').length === 3 && items.length === 5;
    const items = await eventually(async () => (await admin.get(`/api/v1/notifications?all=true&task_id=${task.id}`)).body.items ?? [], settled, { what: 'the boiler notifications' });
    const byRecipient = Object.fromEntries(items.map((n: any) => [`${n.recipient} ${n.channel}`, n]));
    expect(Object.keys(byRecipient).sort()).toEqual([
      '+15550101 sms',
      'facilities@riverside.example email',
      'handy1@riverside.example email',
      'handy2@riverside.example in_app',
      'lead@riverside.example email',
    ]);
    // SMS through the webhook: the first call got a 503, the retry a 202.
    expect(byRecipient['+15550101 sms']).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(sms).toEqual([{ authorization: `Bearer ${TOKEN}`, body: expect.objectContaining({ to: '+15550101', notification_id: byRecipient['+15550101 sms'].id, task_key: task.key, text: expect.stringContaining(task.key) }) }]);
    expect(byRecipient['handy2@riverside.example in_app']).toMatchObject({ status: 'sent', attempts: 1, subject: expect.stringContaining(task.key) });
    // Held: lead's quiet hours end in about two hours; facilities gets the daily digest at 08:00 Toronto time.
    const lead = byRecipient['lead@riverside.example email'];
    expect(lead).toMatchObject({ status: 'queued', attempts: 0 });
    const leadDue = Date.parse(lead.next_attempt_at) - Date.now();
    expect(leadDue).toBeGreaterThan(100 * 60_000);
    expect(leadDue).toBeLessThanOrEqual(121 * 60_000);
    const digest = byRecipient['facilities@riverside.example email'];
    expect(digest).toMatchObject({ status: 'queued', attempts: 0 });
    expect(localTimeOf(digest.next_attempt_at)).toBe('08:00');
    // Only the email that left is in the outbox.
    const files = (await readOutbox(home)).filter((m) => m.subject.includes(task.key));
    expect(files.map((m) => m.to)).toEqual([['handy1@riverside.example']]);
  });

  it('shows a member their own notifications with the in-app text', async () => {
    const handy2 = await as('handy2@riverside.example');
    const mine = (await handy2.get('/api/v1/notifications')).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((n: any) => n.recipient === 'handy2@riverside.example' && n.channel === 'in_app')).toBe(true);
    expect(mine[0].body).toContain('The boiler makes a knocking noise');
  });
});

function localTimeOf(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
