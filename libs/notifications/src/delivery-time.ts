import type { DigestMode } from '@orgo/contracts';
import { OrgoError, parseQuietHours } from '@orgo/domain';
import { DateTime } from 'luxon';

/** Digest settings of the notifier: when the daily digest leaves, in each organization's time zone. */
export interface DigestSettings {
  /** `HH:MM` on a 24-hour clock, e.g. `08:00`. */
  daily_at: string;
}

export interface DeliveryTime {
  at: Date;
  /** Why the notification waits: a digest (hourly, daily) or the person's quiet hours; null when it leaves now. */
  held: null | 'quiet_hours' | 'digest';
}

/** Urgent notifications (priority critical, category 9 crisis) bypass quiet hours and digests. */
export function isUrgent(task: { priority: string; category: number }): boolean {
  return task.priority === 'critical' || task.category === 9;
}

const DAILY_AT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The first moment at or after `at` outside the quiet hours, in the zone. */
function afterQuietHours(at: DateTime, quietHours: string): DateTime {
  const { start, end } = parseQuietHours(quietHours);
  const minute = at.hour * 60 + at.minute;
  const crossesMidnight = end < start;
  const inside = crossesMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return at;
  const endToday = at.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  return crossesMidnight && minute >= start ? endToday.plus({ days: 1 }) : endToday;
}

/** The next digest after `at`: the next full hour, or the next `daily_at` in the zone. */
function nextDigest(at: DateTime, digest: Exclude<DigestMode, 'immediate'>, settings: DigestSettings): DateTime {
  if (digest === 'hourly') return at.startOf('hour').plus({ hours: 1 });
  const match = DAILY_AT.exec(settings.daily_at);
  if (!match) {
    throw new OrgoError('NOTIFY.INVALID_SETTING', `The daily digest time must be 'HH:MM' on a 24-hour clock (such as '08:00'), found '${settings.daily_at}'`);
  }
  const today = at.set({ hour: Number(match[1]), minute: Number(match[2]), second: 0, millisecond: 0 });
  return today > at ? today : today.plus({ days: 1 }).set({ hour: Number(match[1]), minute: Number(match[2]) });
}

/**
 * When a notification leaves (SPEC §6 per-person preferences), counted in the organization's time
 * zone: an urgent one (priority critical, category 9) at once, whatever the preferences; else with
 * the person's digest (hourly: the next full hour; daily: the next `daily_at`), and never inside
 * their quiet hours (`22:00-07:00` holds until 07:00).
 */
export function deliveryTime(
  now: Date,
  prefs: { quiet_hours: string | null; digest: DigestMode },
  timezone: string,
  urgent: boolean,
  digestSettings: DigestSettings,
): DeliveryTime {
  if (urgent) return { at: now, held: null };
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid) throw new OrgoError('NOTIFY.INVALID_SETTING', `'${timezone}' is not a time zone (use an IANA name such as America/Toronto)`);
  const digestAt = prefs.digest === 'immediate' ? local : nextDigest(local, prefs.digest, digestSettings);
  const at = prefs.quiet_hours ? afterQuietHours(digestAt, prefs.quiet_hours) : digestAt;
  if (prefs.digest !== 'immediate') return { at: at.toJSDate(), held: 'digest' };
  return at.equals(local) ? { at: now, held: null } : { at: at.toJSDate(), held: 'quiet_hours' };
}
