import { etaDuration } from './reply-intent';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The time an ETA names (SPEC §6 Replies `ETA: 30 minutes`; PATCH `eta`): an ISO-8601 date-time with
 * its offset as it is, a duration counted from `now`; null for what names no time Orgo can place
 * (`14:30`, `tomorrow`).
 */
export function etaAt(text: string, now: Date): string | null {
  const value = text.trim();
  if (ISO_DATE_TIME.test(value)) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? null : new Date(at).toISOString();
  }
  const ms = etaDuration(value);
  return ms === null ? null : new Date(now.getTime() + ms).toISOString();
}
