import { createHash } from 'node:crypto';

/** A stable UUID-shaped id from a seed, so a redelivered event yields the same notification. */
export function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Message-ID of a notification's mail: replies carry it back (In-Reply-To) to the task. `kind` names a mail of no task. */
export function notificationMessageId(taskId: string | null, id: string, kind: 'digest' | 'review' = 'digest'): string {
  return `<orgo.${taskId ?? kind}.${id}@orgo.local>`;
}
