import { type INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { NotificationListQueryV1, NotificationPreferencesSetV1, NotificationV1 } from '@orgo/contracts';
import { RPC } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { LOGGER } from '@orgo/runtime';
import { EventStreamReader, waitFor } from '@orgo/testing';
import pino from 'pino';

import type { TokenClaims } from '../auth/auth-user';
import { JWT_SECRET } from '../auth/auth.constants';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { JwtStrategy } from '../auth/jwt.strategy';
import { OrgoExceptionFilter } from '../common/orgo-exception.filter';
import { RpcClient } from '../common/rpc-client';
import { configureHttp } from '../configure-http';
import { PreferencesController } from '../me/preferences.controller';
import { NotificationStreamController } from './notification-stream.controller';
import { NOTIFICATION_STREAM_TIMING, NotificationStreamService } from './notification-stream.service';
import { NotificationsController } from './notifications.controller';

const SECRET = 'notifications-http-spec-secret-0123456789';
const RITA = 'rita@riverside.example';

/** A JSON answer, loosely typed for assertions. */
const body = (res: Response): Promise<any> => res.json();

let sequence = 0;
function note(recipient: string, subject: string, channel: NotificationV1['channel'] = 'in_app'): NotificationV1 {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`, organization: 'riverside', task_id: null, task_key: 'RS-1',
    purpose: 'assigned', channel, recipient, subject, body: `${subject}.`, status: 'sent', attempts: 1, next_attempt_at: null,
    last_error: null, held: null, digest_id: null, created_at: new Date().toISOString(), sent_at: null, cursor: String(sequence).padStart(10, '0'),
  };
}

/** The notifier's side of the RPCs, in memory: records every call, answers as the contract says. */
class FakeNotifier {
  stored: NotificationV1[] = [];
  calls: { name: string; payload: any }[] = [];

  async call<T>(name: string, payload: any): Promise<T> {
    this.calls.push({ name, payload });
    if (name === RPC.notificationList) return this.list(payload) as T;
    if (name === RPC.notificationPreferencesGet || name === RPC.notificationPreferencesSet) {
      const set = payload as NotificationPreferencesSetV1;
      return [{ email: set.email, organization: 'riverside', channels: set.channels ?? ['email'], quiet_hours: set.quiet_hours ?? null, digest: set.digest ?? 'immediate', overridden: [] }] as T;
    }
    throw new Error(`unexpected RPC ${name}`);
  }

  listCalls(): NotificationListQueryV1[] {
    return this.calls.filter((c) => c.name === RPC.notificationList).map((c) => c.payload);
  }

  private list(q: NotificationListQueryV1) {
    if (q.after !== undefined && !/^\d{1,15}$/.test(q.after)) {
      throw new OrgoError('NOTIFICATION.INVALID_QUERY', `The notification list's after must be a cursor from an earlier answer; found ${JSON.stringify(q.after)}`);
    }
    let items = this.stored.filter((n) => (q.recipient === null || n.recipient === q.recipient) && (!q.channel || n.channel === q.channel));
    items = q.after !== undefined ? items.filter((n) => n.cursor > q.after!) : [...items].reverse();
    return { items: items.slice(q.offset, q.offset + q.limit), total: items.length, limit: q.limit, offset: q.offset };
  }
}

describe('notifications over HTTP (list, preferences, event stream)', () => {
  let app: INestApplication;
  let base: string;
  let notifier: FakeNotifier;
  let member: string;
  let admin: string;
  const open: EventStreamReader[] = [];

  const token = (claims: Omit<TokenClaims, 'typ'>) => app.get(JwtService).signAsync({ ...claims, typ: 'access' }, { expiresIn: 600 });
  const get = (path: string, bearer: string | null, headers: Record<string, string> = {}) =>
    fetch(base + path, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });
  const put = (path: string, bearer: string, body: unknown) =>
    fetch(base + path, { method: 'PUT', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const stream = async (query: string, headers: Record<string, string>) => {
    const reader = await EventStreamReader.open(`${base}/api/v1/events/stream${query}`, headers);
    open.push(reader);
    return reader;
  };

  beforeAll(async () => {
    notifier = new FakeNotifier();
    @Module({
      imports: [PassportModule, JwtModule.register({ secret: SECRET, signOptions: { algorithm: 'HS256' } })],
      controllers: [NotificationsController, NotificationStreamController, PreferencesController],
      providers: [
        { provide: APP_FILTER, useClass: OrgoExceptionFilter },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: JWT_SECRET, useValue: SECRET },
        { provide: LOGGER, useValue: pino({ level: 'silent' }) },
        { provide: NOTIFICATION_STREAM_TIMING, useValue: { pollMs: 50, heartbeatMs: 300, pageSize: 2, settleMs: 200 } },
        { provide: RpcClient, useValue: notifier },
        JwtStrategy,
        NotificationStreamService,
      ],
    })
    class NotificationsHttpModule {}
    app = await NestFactory.create(NotificationsHttpModule, { logger: false });
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    member = await token({ sub: 'm', email: RITA, role: 'member', orgs: ['riverside'] });
    admin = await token({ sub: 'a', email: 'admin@orgo.test', role: 'admin', orgs: [] });
  });

  afterEach(() => {
    for (const reader of open.splice(0)) reader.close();
    notifier.calls = [];
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('GET /api/v1/notifications', () => {
    it("lists a member's own notifications within their organizations, paged", async () => {
      const res = await get('/api/v1/notifications?status=failed&channel=email&limit=10&offset=5', member);
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ items: [], limit: 10, offset: 5 });
      expect(notifier.listCalls()).toEqual([{ recipient: RITA, scope: ['riverside'], status: 'failed', channel: 'email', limit: 10, offset: 5 }]);
    });

    it("refuses a member another person's notifications, or everyone's", async () => {
      for (const query of ['recipient=lead@riverside.example', 'all=true']) {
        const res = await get(`/api/v1/notifications?${query}`, member);
        expect(res.status).toBe(403);
        expect((await body(res)).message).toMatch(/only their own notifications/);
      }
      expect(notifier.listCalls()).toEqual([]);
    });

    it("lets an administrator see one person's or everyone's", async () => {
      expect((await get('/api/v1/notifications?recipient=Lead@Riverside.example', admin)).status).toBe(200);
      expect((await get('/api/v1/notifications?all=true&status=failed', admin)).status).toBe(200);
      expect(notifier.listCalls().map((q) => [q.recipient, q.scope, q.status])).toEqual([['lead@riverside.example', null, undefined], [null, null, 'failed']]);
    });

    it('answers a bad filter with 400 naming it and what it takes', async () => {
      const cases: [string, RegExp][] = [
        ['status=lost', /status must be one of queued, sent, failed/],
        ['channel=fax', /channel must be one of email, sms, in_app/],
        ['task_id=NS-12', /task_id must be a task id \(a UUID\)/],
        ['recipient=nobody', /recipient must be an email address/],
        ['all=yes', /all must be true or false/],
        ['limit=1000', /limit must not be greater than 200/],
        ['colour=red', /property colour should not exist/],
      ];
      for (const [query, message] of cases) {
        const res = await get(`/api/v1/notifications?${query}`, admin);
        expect(res.status).toBe(400);
        expect((await body(res)).message).toMatch(message);
      }
    });

    it('needs a token in the header: ?access_token= is taken by the event stream only', async () => {
      expect((await get('/api/v1/notifications', null)).status).toBe(401);
      expect((await get(`/api/v1/notifications?access_token=${member}`, null)).status).toBe(401);
    });
  });

  describe('/api/v1/me/preferences', () => {
    it('reads and changes my preferences, answering with the effective ones', async () => {
      const read = await get('/api/v1/me/preferences', member);
      expect(read.status).toBe(200);
      expect(await body(read)).toEqual({ items: [{ email: RITA, organization: 'riverside', channels: ['email'], quiet_hours: null, digest: 'immediate', overridden: [] }] });
      const res = await put('/api/v1/me/preferences', member, { channels: ['email', 'in_app'], quiet_hours: '22:00-07:00', digest: 'hourly', organization: 'riverside' });
      expect(res.status).toBe(200);
      expect((await body(res)).items[0]).toMatchObject({ channels: ['email', 'in_app'], quiet_hours: '22:00-07:00', digest: 'hourly' });
      expect(notifier.calls.at(-1)).toEqual({
        name: RPC.notificationPreferencesSet,
        payload: { email: RITA, scope: ['riverside'], organization: 'riverside', channels: ['email', 'in_app'], quiet_hours: '22:00-07:00', digest: 'hourly' },
      });
    });

    it('passes null quiet hours (turn them off) and leaves out what was not given', async () => {
      expect((await put('/api/v1/me/preferences', member, { quiet_hours: null })).status).toBe(200);
      expect(notifier.calls.at(-1)?.payload).toEqual({ email: RITA, scope: ['riverside'], quiet_hours: null });
    });

    it('answers a bad body with 400 naming the field and the form expected, and changes nothing', async () => {
      const cases: [unknown, RegExp][] = [
        [{}, /at least one of channels, quiet_hours \(null for none\) and digest/],
        [{ channels: 'email' }, /channels must be a list of one or more of email, sms, in_app/],
        [{ channels: [] }, /channels must be a list of one or more of email, sms, in_app/],
        [{ channels: ['email', 'fax'] }, /channels must be a list of one or more of email, sms, in_app/],
        [{ channels: ['email', 'email'] }, /channels must name each channel once/],
        [{ channels: null }, /channels must be a list/],
        [{ quiet_hours: '22-7' }, /quiet_hours must be quiet hours as 'HH:MM-HH:MM' on a 24-hour clock, such as '22:00-07:00'/],
        [{ quiet_hours: '25:00-07:00' }, /quiet_hours must be/],
        [{ quiet_hours: 2200 }, /quiet_hours must be quiet hours as a string/],
        [{ digest: 'weekly' }, /digest must be one of immediate, hourly, daily/],
        [{ digest: 'daily', organization: 'River Side' }, /organization must be an organization slug/],
        [{ digest: 'daily', sound: 'loud' }, /property sound should not exist/],
      ];
      for (const [payload, message] of cases) {
        const res = await put('/api/v1/me/preferences', member, payload);
        expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
        expect((await body(res)).message).toMatch(message);
      }
      expect(notifier.calls).toEqual([]);
    });

    it("answers an organization the member is not in with 404, like a missing one", async () => {
      const res = await put('/api/v1/me/preferences', member, { digest: 'daily', organization: 'lakeside' });
      expect(res.status).toBe(404);
      expect(await body(res)).toMatchObject({ details: { code: 'ORGANIZATION.NOT_FOUND' } });
      expect((await get('/api/v1/me/preferences?organization=lakeside', member)).status).toBe(404);
      expect(notifier.calls).toEqual([]);
    });
  });

  describe('GET /api/v1/events/stream', () => {
    it('pushes my new in-app notifications as `notification` events with the cursor as id, opening with a comment', async () => {
      notifier.stored.push(note(RITA, 'Before the stream'));
      const sse = await stream('', { authorization: `Bearer ${member}` });
      expect(sse.response.status).toBe(200);
      expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(await sse.next()).toMatchObject({ comment: 'connected', event: null });
      const mine = note(RITA, 'Water leak in room 102');
      notifier.stored.push(note('lead@riverside.example', 'Not mine'), note(RITA, 'By email', 'email'), mine);
      const event = await sse.next((m) => m.event !== null);
      expect(event).toMatchObject({ event: 'notification', id: mine.cursor });
      expect(JSON.parse(event.data!)).toEqual(mine);
      expect(notifier.listCalls().every((q) => q.recipient === RITA && q.channel === 'in_app' && q.scope?.[0] === 'riverside')).toBe(true);
    });

    it('takes the token as ?access_token= (EventSource cannot send headers) and refuses a stream without one', async () => {
      const sse = await stream(`?access_token=${member}`, {});
      expect(sse.response.status).toBe(200);
      expect(await sse.next()).toMatchObject({ comment: 'connected' });
      const refused = await stream('', {});
      expect(refused.response.status).toBe(401);
      expect(await body(refused.response)).toMatchObject({ statusCode: 401, message: expect.stringMatching(/valid access token/) });
      expect((await stream('?access_token=not-a-token', {})).response.status).toBe(401);
    });

    it('resumes after Last-Event-ID (winning over ?after=) and after ?after=, in order, across pages', async () => {
      const [a, b, c, d] = [note(RITA, 'A'), note(RITA, 'B'), note(RITA, 'C'), note(RITA, 'D')];
      notifier.stored.push(a, b, c, d);
      const resumed = await stream(`?after=${c.cursor}`, { authorization: `Bearer ${member}`, 'last-event-id': a.cursor });
      expect((await resumed.collect(3, (m) => m.event === 'notification')).map((m) => m.id)).toEqual([b.cursor, c.cursor, d.cursor]);
      const after = await stream(`?after=${c.cursor}`, { authorization: `Bearer ${member}` });
      expect((await after.next((m) => m.event === 'notification')).id).toBe(d.cursor);
    });

    it('sends a heartbeat comment while nothing happens', async () => {
      const sse = await stream('', { authorization: `Bearer ${member}` });
      expect(await sse.next((m) => m.comment === 'heartbeat', 5000)).toMatchObject({ event: null, data: null });
    });

    it('stops polling once the client disconnects', async () => {
      const sse = await stream('', { authorization: `Bearer ${member}` });
      await sse.next((m) => m.comment === 'connected');
      await waitFor(async () => notifier.listCalls().length, (n) => n >= 3, 'a few polls', 5000);
      sse.close();
      // Wait until the count has not moved for several poll intervals, then check it stays still.
      let last = -1;
      const settled = await waitFor(
        async () => {
          const now = notifier.listCalls().length;
          const same = now === last;
          last = now;
          return same;
        },
        (same) => same,
        'polling to stop',
        5000,
      );
      expect(settled).toBe(true);
      const stopped = notifier.listCalls().length;
      await new Promise((r) => setTimeout(r, 500));
      expect(notifier.listCalls().length).toBe(stopped);
    });

    it('ends the stream when the access token expires', async () => {
      const shortLived = await app.get(JwtService).signAsync({ sub: 'm', email: RITA, role: 'member', orgs: ['riverside'], typ: 'access' }, { expiresIn: 1 });
      const sse = await stream('', { authorization: `Bearer ${shortLived}` });
      expect(sse.response.status).toBe(200);
      await sse.next((m) => m.comment === 'access token expired: reconnect with a fresh one', 5000);
      await expect(sse.next(() => true, 5000)).rejects.toThrow(/ended/);
    });

    it("answers a cursor the notifier refuses with its 400, before the stream opens", async () => {
      const res = await stream('?after=abc', { authorization: `Bearer ${member}` });
      expect(res.response.status).toBe(400);
      expect(await body(res.response)).toMatchObject({ statusCode: 400, details: { code: 'NOTIFICATION.INVALID_QUERY' }, message: expect.stringMatching(/after must be a cursor/) });
    });

    it('answers a cursor longer than any the notifier gives with 400', async () => {
      const res = await stream('', { authorization: `Bearer ${member}`, 'last-event-id': 'x'.repeat(300) });
      expect(res.response.status).toBe(400);
      expect((await body(res.response)).message).toMatch(/Last-Event-ID must be a notification cursor/);
      expect((await stream(`?after=${'x'.repeat(300)}`, { authorization: `Bearer ${member}` })).response.status).toBe(400);
    });
  });

  it('describes the routes in the OpenAPI document, the stream as text/event-stream with access_token', async () => {
    const doc = await body(await fetch(`${base}/api/docs-json`));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/notifications', '/api/v1/me/preferences', '/api/v1/events/stream']));
    const streamDoc = doc.paths['/api/v1/events/stream'].get;
    expect(Object.keys(streamDoc.responses['200'].content)).toContain('text/event-stream');
    expect(streamDoc.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['after', 'access_token', 'Last-Event-ID']));
    expect(doc.paths['/api/v1/me/preferences'].put).toBeDefined();
  });
});
