import { useEffect, useRef } from 'react';

import { session } from '../auth/session';

/** An in-app notification as the stream sends it (see GET /api/v1/notifications). */
export interface LiveNotification {
  id: string;
  subject?: string;
  task_id?: string | null;
  [key: string]: unknown;
}

/**
 * Live updates: the caller's in-app notifications over Server-Sent Events
 * (`GET /api/v1/events/stream`), and a quiet refresh every `everyMs` for changes that notify
 * nobody here (another holder accepted, a task of a position one only watches). `onChange` runs on both.
 */
export function useLive(onChange: (notification?: LiveNotification) => void, everyMs = 10_000): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const token = session.current()?.access_token;
    let source: EventSource | undefined;
    if (token && typeof EventSource !== 'undefined') {
      source = new EventSource(`/api/v1/events/stream?access_token=${encodeURIComponent(token)}`);
      source.addEventListener('notification', (event) => {
        let notification: LiveNotification | undefined;
        try {
          notification = JSON.parse((event as MessageEvent<string>).data) as LiveNotification;
        } catch {
          notification = undefined;
        }
        handler.current(notification);
      });
    }
    const timer = setInterval(() => handler.current(), everyMs);
    return () => {
      source?.close();
      clearInterval(timer);
    };
  }, [everyMs]);
}
