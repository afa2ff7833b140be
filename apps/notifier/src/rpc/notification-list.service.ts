import { Injectable } from '@nestjs/common';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationListQueryV1,
  type NotificationListResultV1,
  type NotificationPurpose,
  type NotificationV1,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';

import { NotificationEntity } from '../notifications/notification.entity';

const MAX_LIMIT = 500;
const STATUSES: readonly string[] = NOTIFICATION_STATUSES;
const CHANNELS: readonly string[] = NOTIFICATION_CHANNELS;

/** A stored notification as the API shows it. */
export function toNotificationV1(row: NotificationEntity): NotificationV1 {
  return {
    id: row.id,
    organization: row.organization,
    task_id: row.taskId,
    task_key: row.taskKey,
    purpose: row.purpose as NotificationPurpose,
    channel: row.channel as NotificationChannel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === 'queued' ? row.nextAttemptAt : null,
    last_error: row.lastError,
    held: row.held ?? null,
    digest_id: row.digestId,
    created_at: row.createdAt,
    sent_at: row.sentAt,
    cursor: String(row.seq),
  };
}

/**
 * `rpc.notification.list` (SPEC §7 `GET /notifications`, the SSE stream): a person's notifications
 * (or everyone's for an administrator) within the caller's organizations, filtered by status,
 * channel and task; newest first, or with `after` (a cursor) only newer ones, oldest first.
 */
@Injectable()
export class NotificationListService {
  constructor(private readonly tx: TransactionRunner) {}

  async list(query: NotificationListQueryV1): Promise<NotificationListResultV1> {
    const limit = Number.isInteger(query.limit) ? query.limit : 50;
    const offset = Number.isInteger(query.offset) ? query.offset : 0;
    if (limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `a whole number from 1 to ${MAX_LIMIT}`, query.limit);
    if (offset < 0) throw invalid('offset', 'a whole number from 0', query.offset);
    if (query.status !== undefined && !STATUSES.includes(query.status)) throw invalid('status', `one of ${STATUSES.join(', ')}`, query.status);
    if (query.channel !== undefined && !CHANNELS.includes(query.channel)) throw invalid('channel', `one of ${CHANNELS.join(', ')}`, query.channel);
    if (query.after !== undefined && !/^\d{1,15}$/.test(String(query.after))) throw invalid('after', 'a cursor from an earlier answer (a notification\'s cursor)', query.after);
    if (query.scope !== null && query.scope.length === 0) return { items: [], total: 0, limit, offset };
    return this.tx.read(async (m) => {
      const q = m.createQueryBuilder(NotificationEntity, 'n');
      q.where('1 = 1');
      if (query.recipient !== null) q.andWhere('n.person = :person', { person: query.recipient.toLowerCase() });
      if (query.scope !== null) q.andWhere('n.organization IN (:...scope)', { scope: query.scope });
      if (query.status) q.andWhere('n.status = :status', { status: query.status });
      if (query.channel) q.andWhere('n.channel = :channel', { channel: query.channel });
      if (query.task_id) q.andWhere('n.taskId = :taskId', { taskId: query.task_id });
      if (query.after !== undefined) q.andWhere('n.seq > :after', { after: Number(query.after) });
      q.orderBy('n.seq', query.after !== undefined ? 'ASC' : 'DESC').skip(offset).take(limit);
      const [rows, total] = await q.getManyAndCount();
      return { items: rows.map(toNotificationV1), total, limit, offset };
    });
  }
}

function invalid(field: string, expected: string, found: unknown): OrgoError {
  return new OrgoError('NOTIFICATION.INVALID_QUERY', `The notification list's ${field} must be ${expected}; found ${JSON.stringify(found)}`, { field, expected });
}
