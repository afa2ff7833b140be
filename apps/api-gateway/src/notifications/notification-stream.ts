import type { MessageEvent } from '@nestjs/common';
import type { NotificationV1 } from '@orgo/contracts';
import { Observable } from 'rxjs';

/** Where a stream reads the caller's in-app notifications from (the notifier, over RPC). */
export interface NotificationSource {
  /** The newest notification now, or null when there is none yet: where a fresh stream starts. */
  newest(): Promise<NotificationV1 | null>;
  /** At most a page of the notifications after `cursor` (null: from the first one), oldest first. */
  after(cursor: string | null): Promise<NotificationV1[]>;
}

export interface NotificationStreamOptions {
  /** Pause between the end of one poll and the start of the next. */
  pollMs: number;
  /** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
  heartbeatMs: number;
  /** Page size of a poll: a full page is followed at once by the next one. */
  pageSize: number;
  /**
   * How long a notification may be committed after one with a greater cursor (cursors follow
   * insertion, commits may come in another order): polls look back this far, and deliver each
   * notification once.
   */
  settleMs: number;
  /** When the stream ends (ms since the epoch): the caller's access token expires then. */
  endsAt?: number;
  /** A failure of the first read that is the request's fault (a bad cursor): the stream answers it as an error instead of opening. */
  isRequestError: (error: unknown) => boolean;
  /** A poll that failed (the notifier away, a timeout): told once per run of failures; the stream keeps polling. */
  onPollError: (error: unknown, failuresInARow: number) => void;
}

/** The SSE message of one notification: `id:` is its cursor (what `Last-Event-ID` resumes after). */
export function notificationMessage(notification: NotificationV1): MessageEvent {
  return { id: notification.cursor, type: 'notification', data: notification };
}

/**
 * The caller's in-app notifications as Server-Sent Events (SPEC §7 `GET /events/stream`). API
 * replicas share no queue, so each connection polls the notifier: after `after` when the client
 * resumes, else after the newest notification at connection time (history is `GET /notifications`).
 * The first read happens before the stream opens, so a bad cursor is answered as an error; later
 * failures are retried. Polls never overlap; unsubscribing (the client left) stops the polling and
 * the heartbeat. The stream ends when the access token expires (`endsAt`): the client reconnects
 * with a fresh one.
 */
export function notificationStream(source: NotificationSource, after: string | null, options: NotificationStreamOptions): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let stopped = false;
    let opened = false;
    /** Polls read after this cursor: every notification up to it was delivered and settled. */
    let settled = after;
    let anchored = after !== null;
    /** When each delivered notification past `settled` was first seen: looked back over, never delivered twice. */
    const seenAt = new Map<string, number>();
    let failures = 0;
    let timer: NodeJS.Timeout | undefined;
    let heartbeat: NodeJS.Timeout | undefined;

    const drain = async (): Promise<void> => {
      if (!anchored) {
        settled = (await source.newest())?.cursor ?? null;
        anchored = true;
      }
      // Everything after `settled`, in the source's (cursor) order, over as many pages as it takes.
      const read: NotificationV1[] = [];
      for (let cursor = settled; ; ) {
        const page = await source.after(cursor);
        if (stopped) return;
        for (const notification of page) {
          read.push(notification);
          cursor = notification.cursor;
          if (seenAt.has(notification.id)) continue;
          seenAt.set(notification.id, Date.now());
          // A notification a digest holds (or carried) reaches the person inside the digest, which is streamed itself.
          if (notification.held === 'digest' || notification.digest_id !== null) continue;
          if (!opened) open();
          subscriber.next(notificationMessage(notification));
        }
        if (page.length < options.pageSize) break;
      }
      // The leading run seen long enough ago can no longer have a late one committed before it.
      for (const notification of read) {
        if (Date.now() - seenAt.get(notification.id)! < options.settleMs) break;
        settled = notification.cursor;
        seenAt.delete(notification.id);
      }
    };

    const open = () => {
      opened = true;
      // Nest sends the headers with the first message: a comment opens the stream at once.
      subscriber.next({ comment: 'connected' });
      heartbeat = setInterval(() => subscriber.next({ comment: 'heartbeat' }), options.heartbeatMs);
    };

    const tick = async (): Promise<void> => {
      try {
        await drain();
        failures = 0;
      } catch (error) {
        if (!opened && options.isRequestError(error)) return subscriber.error(error);
        failures += 1;
        if (failures === 1 && !stopped) options.onPollError(error, failures);
      }
      if (stopped) return;
      if (!opened) open();
      timer = setTimeout(() => void tick(), options.pollMs);
    };

    const end =
      options.endsAt === undefined
        ? undefined
        : setTimeout(() => {
            subscriber.next({ comment: 'access token expired: reconnect with a fresh one' });
            subscriber.complete();
          }, Math.max(0, options.endsAt - Date.now()));
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(end);
      clearInterval(heartbeat);
    };
  });
}
