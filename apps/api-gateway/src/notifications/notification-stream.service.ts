import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { type NotificationListQueryV1, type NotificationListResultV1, type NotificationV1, RPC } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { Observable } from 'rxjs';

import type { AuthUser } from '../auth/auth-user';
import { RpcClient } from '../common/rpc-client';
import { type NotificationSource, type NotificationStreamOptions, notificationStream } from './notification-stream';

/**
 * How a stream polls: about once a second, a heartbeat every 15 s, up to 100 notifications a read,
 * looking back over the last 5 s for notifications committed late (PostgreSQL hands out cursors in
 * insertion order, and transactions may commit in another).
 */
export const NOTIFICATION_STREAM_TIMING = Symbol('NOTIFICATION_STREAM_TIMING');
export type NotificationStreamTiming = Pick<NotificationStreamOptions, 'pollMs' | 'heartbeatMs' | 'pageSize' | 'settleMs'>;
export const DEFAULT_NOTIFICATION_STREAM_TIMING: NotificationStreamTiming = { pollMs: 1000, heartbeatMs: 15_000, pageSize: 100, settleMs: 5000 };

/** A domain error answered by the notifier (a bad cursor): the request's fault, unlike the bus being away (RPC.*). */
const isRequestError = (error: unknown): boolean => error instanceof OrgoError && !error.code.startsWith('RPC.');

/** A stream's read waits less than a request does: the next poll comes soon anyway. */
const POLL_TIMEOUT_MS = 3000;

/** Opens the SSE stream of a caller's in-app notifications, read from the notifier over RPC. */
@Injectable()
export class NotificationStreamService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(NOTIFICATION_STREAM_TIMING) private readonly timing: NotificationStreamTiming,
  ) {}

  open(user: AuthUser, after: string | null): Observable<MessageEvent> {
    const onPollError = (error: unknown) =>
      this.logger.warn({ err: error, recipient: user.email }, 'notification stream could not read from the notifier; it keeps trying');
    return notificationStream(this.sourceFor(user), after, { ...this.timing, endsAt: user.expiresAt, isRequestError, onPollError });
  }

  /** The caller's own in-app notifications, within their organizations. */
  private sourceFor(user: AuthUser): NotificationSource {
    const list = async (page: Pick<NotificationListQueryV1, 'after' | 'limit'>): Promise<NotificationV1[]> => {
      const query: NotificationListQueryV1 = { recipient: user.email, scope: user.scope, channel: 'in_app', offset: 0, ...page };
      return (await this.rpc.call<NotificationListResultV1>(RPC.notificationList, query, POLL_TIMEOUT_MS)).items;
    };
    return {
      newest: async () => (await list({ limit: 1 }))[0] ?? null,
      // Without a cursor the list comes newest first: its latest page, turned oldest first.
      after: async (cursor) => (cursor === null ? (await list({ limit: this.timing.pageSize })).reverse() : list({ after: cursor, limit: this.timing.pageSize })),
    };
  }
}
