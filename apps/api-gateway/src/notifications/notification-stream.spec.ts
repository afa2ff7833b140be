import type { MessageEvent } from '@nestjs/common';
import type { NotificationV1 } from '@orgo/contracts';

import { type NotificationSource, type NotificationStreamOptions, notificationStream } from './notification-stream';

function note(cursor: string): NotificationV1 {
  return {
    id: `n-${cursor}`, organization: 'riverside', task_id: null, task_key: 'RS-1', purpose: 'assigned', channel: 'in_app',
    recipient: 'lead@riverside.example', subject: `Subject ${cursor}`, body: 'Body', status: 'sent', attempts: 1,
    next_attempt_at: null, last_error: null, held: null, digest_id: null, created_at: '2026-11-24T09:00:00.000Z', sent_at: null, cursor,
  };
}

/** A fake notifier: notifications in cursor order; records each call (`newest`, or the cursor asked after). */
function fakeNotifier(pageSize: number) {
  const stored: NotificationV1[] = [];
  const calls: (string | null)[] = [];
  const source: NotificationSource = {
    newest: async () => {
      calls.push('newest');
      return stored.at(-1) ?? null;
    },
    after: async (cursor) => {
      calls.push(cursor);
      return stored.filter((n) => cursor === null || n.cursor > cursor).slice(0, pageSize);
    },
  };
  return { stored, calls, source };
}

/** A source whose every read goes through `read` (to slow it down or make it fail). */
function through(read: (cursor: string | null) => Promise<NotificationV1[]>): NotificationSource {
  return { newest: async () => null, after: read };
}

class RequestError extends Error {}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('notificationStream', () => {
  const options = (overrides: Partial<NotificationStreamOptions> = {}): NotificationStreamOptions => ({
    pollMs: 1000, heartbeatMs: 15_000, pageSize: 3, settleMs: 5000, isRequestError: (e) => e instanceof RequestError, onPollError: () => undefined, ...overrides,
  });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens with a comment, starts after the newest notification and delivers only later ones, with the cursor as id', async () => {
    const notifier = fakeNotifier(3);
    notifier.stored.push(note('001'), note('002'));
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, null, options()).subscribe((m) => seen.push(m));
    await flush();
    expect(seen).toEqual([{ comment: 'connected' }]);
    expect(notifier.calls).toEqual(['newest', '002']);

    notifier.stored.push(note('003'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(seen.slice(1)).toEqual([{ id: '003', type: 'notification', data: note('003') }]);
    expect(notifier.calls.at(-1)).toBe('002');
    // Looks back over what it delivered until that settles, then reads only after it.
    await jest.advanceTimersByTimeAsync(1000);
    expect(notifier.calls.at(-1)).toBe('002');
    await jest.advanceTimersByTimeAsync(6000);
    expect(notifier.calls.at(-1)).toBe('003');
    expect(seen.filter((m) => m.type === 'notification')).toHaveLength(1);
    sub.unsubscribe();
  });

  it('resumes after a given cursor and follows full pages at once, in order', async () => {
    const notifier = fakeNotifier(3);
    for (let i = 1; i <= 7; i++) notifier.stored.push(note(`00${i}`));
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, '001', options()).subscribe((m) => seen.push(m));
    await flush();
    expect(seen.filter((m) => m.type === 'notification').map((m) => m.id)).toEqual(['002', '003', '004', '005', '006', '007']);
    expect(notifier.calls).toEqual(['001', '004', '007']);
    sub.unsubscribe();
  });

  it('leaves out what a digest holds or carried: the person gets it inside the digest, which is streamed itself', async () => {
    const notifier = fakeNotifier(3);
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, '000', options()).subscribe((m) => seen.push(m));
    await flush();
    const digest = note('004');
    notifier.stored.push(
      note('001'),
      { ...note('002'), status: 'queued', held: 'digest' },
      { ...note('003'), digest_id: digest.id },
      { ...digest, purpose: 'digest' },
    );
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(seen.filter((m) => m.type === 'notification').map((m) => m.id)).toEqual(['001', '004']);
    sub.unsubscribe();
  });

  it('starts from the beginning of an empty history once something arrives', async () => {
    const notifier = fakeNotifier(3);
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, null, options()).subscribe((m) => seen.push(m));
    await flush();
    expect(notifier.calls).toEqual(['newest', null]);
    notifier.stored.push(note('001'), note('002'));
    await jest.advanceTimersByTimeAsync(1000);
    // Both arrived after the (empty) start: delivered in order, none skipped.
    expect(seen.map((m) => m.id ?? m.comment)).toEqual(['connected', '001', '002']);
    expect(notifier.calls).toEqual(['newest', null, null]);
    sub.unsubscribe();
  });

  it('sends a heartbeat comment every interval', async () => {
    const notifier = fakeNotifier(3);
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, '000', options()).subscribe((m) => seen.push(m));
    await jest.advanceTimersByTimeAsync(45_000);
    expect(seen.filter((m) => m.comment === 'heartbeat')).toHaveLength(3);
    sub.unsubscribe();
  });

  it('never overlaps polls: the next one waits for a slow answer, then the interval', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const source = through(async () => {
      calls += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2500));
      inFlight -= 1;
      return [];
    });
    const sub = notificationStream(source, '000', options()).subscribe();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(most).toBe(1);
    // 10 s of 2.5 s answers and 1 s pauses: polls start at 0, 3.5 and 7 s.
    expect(calls).toBe(3);
    sub.unsubscribe();
  });

  it('keeps polling through failures, tells the first of a run once, and goes on from where it was', async () => {
    const notifier = fakeNotifier(3);
    const errors: number[] = [];
    let down = true;
    const source = through((cursor) => (down ? Promise.reject(new Error('RPC.TIMEOUT')) : notifier.source.after(cursor)));
    const seen: MessageEvent[] = [];
    const sub = notificationStream(source, '000', options({ onPollError: (_e, n) => errors.push(n) })).subscribe((m) => seen.push(m));
    await jest.advanceTimersByTimeAsync(3000);
    expect(errors).toEqual([1]);
    notifier.stored.push(note('001'));
    down = false;
    await jest.advanceTimersByTimeAsync(1000);
    expect(seen.filter((m) => m.type === 'notification').map((m) => m.id)).toEqual(['001']);
    down = true;
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors).toEqual([1, 1]);
    sub.unsubscribe();
  });

  it('ends when the access token expires, saying so, and stops polling', async () => {
    const notifier = fakeNotifier(3);
    const seen: MessageEvent[] = [];
    let completed = false;
    notificationStream(notifier.source, '000', options({ endsAt: Date.now() + 5000 })).subscribe({ next: (m) => seen.push(m), complete: () => (completed = true) });
    await jest.advanceTimersByTimeAsync(4000);
    expect(completed).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(completed).toBe(true);
    expect(seen.at(-1)).toEqual({ comment: 'access token expired: reconnect with a fresh one' });
    const calls = notifier.calls.length;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(notifier.calls.length).toBe(calls);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('delivers a notification committed after one with a greater cursor (within the settle time), and nothing twice', async () => {
    const notifier = fakeNotifier(3);
    const seen: MessageEvent[] = [];
    const sub = notificationStream(notifier.source, '000', options()).subscribe((m) => seen.push(m));
    await flush();
    notifier.stored.push(note('002'));
    await jest.advanceTimersByTimeAsync(1000);
    // 001 commits late: its cursor is smaller than 002's, already delivered.
    notifier.stored.splice(0, 0, note('001'));
    await jest.advanceTimersByTimeAsync(3000);
    notifier.stored.push(note('003'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(seen.filter((m) => m.type === 'notification').map((m) => m.id)).toEqual(['002', '001', '003']);
    // Settled: polls read only after the last notification now, not the whole history again.
    expect(notifier.calls.at(-1)).toBe('003');
    sub.unsubscribe();
  });

  it("answers a first read the request spoiled (a bad cursor) as the stream's error, before it opens", async () => {
    const errors: unknown[] = [];
    const seen: MessageEvent[] = [];
    notificationStream(through(() => Promise.reject(new RequestError('bad cursor'))), 'abc', options()).subscribe({ next: (m) => seen.push(m), error: (e) => errors.push(e) });
    await flush();
    expect(seen).toEqual([]);
    expect(errors).toEqual([new RequestError('bad cursor')]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops polling and the heartbeat when the client leaves, even with a poll in flight', async () => {
    const notifier = fakeNotifier(3);
    let release: () => void = () => undefined;
    let calls = 0;
    const source = through(async (cursor) => {
      calls += 1;
      if (calls === 2) await new Promise<void>((r) => (release = r));
      return notifier.source.after(cursor);
    });
    const seen: MessageEvent[] = [];
    const sub = notificationStream(source, '000', options()).subscribe((m) => seen.push(m));
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    sub.unsubscribe();
    notifier.stored.push(note('001'));
    release();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
    expect(seen).toEqual([{ comment: 'connected' }]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
