import { type DigestMode, NOTIFICATION_CHANNELS, type NotificationChannel } from '@orgo/contracts';
import type { PersonModel } from '@orgo/domain';

/** What a person set for themselves (`PUT /me/preferences`); absent fields fall back to the organization file. */
export interface PreferenceOverride {
  channels?: NotificationChannel[];
  /** null: the person turned quiet hours off. */
  quiet_hours?: string | null;
  digest?: DigestMode;
}

/** A person's effective notification preferences. */
export interface EffectivePreferences {
  channels: NotificationChannel[];
  /** `22:00-07:00` in the organization's time zone, or null. */
  quiet_hours: string | null;
  digest: DigestMode;
  /** The fields the person set themselves. */
  overridden: ('channels' | 'quiet_hours' | 'digest')[];
}

const CHANNELS: readonly NotificationChannel[] = NOTIFICATION_CHANNELS;

/**
 * The organization file's `people[].notify` (default: email, immediately, no quiet hours),
 * overridden field by field by what the person set. Someone not listed under `people` gets the defaults.
 */
export function effectivePreferences(person: PersonModel | undefined, override: PreferenceOverride | null): EffectivePreferences {
  const fromFile = person?.notify;
  const fileChannels = (fromFile?.channels ?? []).filter((c): c is NotificationChannel => (CHANNELS as readonly string[]).includes(c));
  const overridden: EffectivePreferences['overridden'] = [];
  if (override?.channels !== undefined) overridden.push('channels');
  if (override?.quiet_hours !== undefined) overridden.push('quiet_hours');
  if (override?.digest !== undefined) overridden.push('digest');
  return {
    channels: [...(override?.channels ?? (fileChannels.length > 0 ? fileChannels : ['email']))],
    quiet_hours: override?.quiet_hours !== undefined ? override.quiet_hours : (fromFile?.quietHours ?? null),
    digest: override?.digest ?? fromFile?.digest ?? 'immediate',
    overridden,
  };
}
