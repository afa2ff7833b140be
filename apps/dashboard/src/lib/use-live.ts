import { useEffect, useRef } from 'react';

import { refresh } from '../api/client';
import { session } from '../auth/session';

/** An in-app notification as the stream sends it (see GET /api/v1/notifications). */
export interface LiveNotification {
  id: string;
  subject?: string;
  task_id?: string | null;
  [key: string]: unknown;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Live updates: the caller's in-app notifications over Server-Sent Events
 * (`GET /api/v1/events/stream`), and a quiet refresh every `everyMs` for changes that notify
 * nobody here (another holder accepted, a task of a position one only watches). `onChange` runs on both.
 *
 * The server ends a stream when its access token expires, and a browser's EventSource would then
 * retry with the same (expired) token and give up: the stream is reopened here instead, with a
 * fresh token (one refresh shared with the API calls) and `after=` the last notification seen, so
 * nothing is missed; also whenever the session's token changes.
 */
export function useLive(onChange: (notification?: LiveNotification) => void, everyMs = 10_000): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let lastId = '';
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let openedWith: string | undefined;
    const open = () => {
      source?.close();
      const token = session.current()?.access_token;
      openedWith = token;
      if (!token || stopped) return;
      const after = lastId ? `&after=${encodeURIComponent(lastId)}` : '';
      source = new EventSource(`/api/v1/events/stream?access_token=${encodeURIComponent(token)}${after}`);
      source.addEventListener('open', () => (failures = 0));
      source.addEventListener('notification', (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastId = message.lastEventId;
        let notification: LiveNotification | undefined;
        try {
          notification = JSON.parse(message.data) as LiveNotification;
        } catch {
          notification = undefined;
        }
        handler.current(notification);
      });
      source.addEventListener('error', () => {
        if (source?.readyState !== EventSource.CLOSED && failures === 0) return; // the browser retries a dropped connection itself
        source?.close();
        const wait = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)];
        clearTimeout(retry);
        retry = setTimeout(() => void refresh().finally(open), wait);
      });
    };
    open();
    const unsubscribe = session.subscribe(() => {
      if (session.current()?.access_token !== openedWith) open();
    });
    const timer = setInterval(() => handler.current(), everyMs);
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(retry);
      source?.close();
      clearInterval(timer);
    };
  }, [everyMs]);
}
