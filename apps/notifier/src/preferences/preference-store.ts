import type { OrganizationModel, PersonModel } from '@orgo/domain';
import { type EffectivePreferences, type PreferenceOverride, effectivePreferences } from '@orgo/notifications';
import { type EntityManager, In } from 'typeorm';

import { NotificationPreferenceEntity } from './notification-preference.entity';

/** What a stored row says the person set (an empty quiet_hours: they turned quiet hours off). */
export function overrideOf(row: NotificationPreferenceEntity | null): PreferenceOverride | null {
  if (!row) return null;
  return {
    ...(row.channels ? { channels: row.channels as PreferenceOverride['channels'] } : {}),
    ...(row.quietHours !== null ? { quiet_hours: row.quietHours === '' ? null : row.quietHours } : {}),
    ...(row.digest ? { digest: row.digest as PreferenceOverride['digest'] } : {}),
  };
}

/** A person's effective preferences in one organization: the organization file, overridden by what they saved. */
export async function preferencesOf(manager: EntityManager, organization: string, email: string, person: PersonModel | undefined): Promise<EffectivePreferences> {
  const row = await manager.findOne(NotificationPreferenceEntity, { where: { organization, email } });
  return effectivePreferences(person, overrideOf(row));
}

/** The effective preferences of several people of one organization (by lower-case address), read in one query. */
export async function preferencesOfAll(
  manager: EntityManager,
  organization: string,
  emails: string[],
  model: OrganizationModel | undefined,
): Promise<Map<string, EffectivePreferences>> {
  const wanted = [...new Set(emails)];
  const result = new Map<string, EffectivePreferences>();
  if (wanted.length === 0) return result;
  const rows = await manager.find(NotificationPreferenceEntity, { where: { organization, email: In(wanted) } });
  const saved = new Map(rows.map((r) => [r.email, r]));
  for (const email of wanted) {
    const person = model?.people.find((p) => p.email.toLowerCase() === email);
    result.set(email, effectivePreferences(person, overrideOf(saved.get(email) ?? null)));
  }
  return result;
}
