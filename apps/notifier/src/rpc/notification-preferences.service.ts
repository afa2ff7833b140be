import { Inject, Injectable } from '@nestjs/common';
import {
  DIGEST_MODES,
  type DigestMode,
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  type NotificationPreferencesGetV1,
  type NotificationPreferencesSetV1,
  type NotificationPreferencesV1,
} from '@orgo/contracts';
import { OrgoError, type OrganizationModel } from '@orgo/domain';
import { quietHoursProblem } from '@orgo/notifications';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { NotificationPreferenceEntity } from '../preferences/notification-preference.entity';
import { preferencesOf } from '../preferences/preference-store';

const CHANNELS: readonly NotificationChannel[] = NOTIFICATION_CHANNELS;
const DIGESTS: readonly DigestMode[] = DIGEST_MODES;

/**
 * `rpc.notification.preferences.get` / `.set` (SPEC §7 `PUT /me/preferences`): a person's effective
 * preferences per organization (the organization file's `people[].notify`, overridden by what they
 * saved), and saving their own channels, quiet hours and digest. Bad values are answered with
 * `NOTIFICATION.INVALID_PREFERENCES` (400) saying what to send; an organization outside the caller's
 * scope or unknown with `ORGANIZATION.NOT_FOUND` (404), a person known to no organization with
 * `NOTIFICATION.PERSON_NOT_FOUND` (404).
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get(query: NotificationPreferencesGetV1): Promise<NotificationPreferencesV1[]> {
    const email = emailOf(query.email);
    const organizations = this.organizationsOf(email, query.scope);
    return this.tx.read((m) => this.answer(m, email, organizations));
  }

  set(command: NotificationPreferencesSetV1): Promise<NotificationPreferencesV1[]> {
    const email = emailOf(command.email);
    const change = validChange(command);
    let organizations = this.organizationsOf(email, command.scope);
    if (command.organization !== undefined) {
      organizations = organizations.filter((o) => o.slug === command.organization);
      if (organizations.length === 0) throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${command.organization}' among yours (${this.organizationsOf(email, command.scope).map((o) => o.slug).join(', ')})`, { organization: command.organization });
    }
    if (change.channels?.includes('sms')) {
      const withoutPhone = organizations.filter((o) => !o.people.find((p) => p.email.toLowerCase() === email)?.phone);
      if (withoutPhone.length > 0) {
        throw new OrgoError('NOTIFICATION.INVALID_PREFERENCES', `SMS needs a phone number, and ${withoutPhone.map((o) => o.slug).join(', ')} has none for ${email}: ask an administrator to add phone under people in the organization file, or choose email or in_app`, { field: 'channels' });
      }
    }
    return this.tx.run(async (m) => {
      const now = this.clock().toISOString();
      for (const organization of organizations) {
        const row = (await m.findOne(NotificationPreferenceEntity, { where: { organization: organization.slug, email } })) ?? Object.assign(new NotificationPreferenceEntity(), { organization: organization.slug, email, channels: null, quietHours: null, digest: null });
        if (change.channels !== undefined) row.channels = change.channels;
        if (change.quiet_hours !== undefined) row.quietHours = change.quiet_hours === null ? '' : change.quiet_hours;
        if (change.digest !== undefined) row.digest = change.digest;
        row.updatedAt = now;
        await m.save(row);
      }
      return this.answer(m, email, organizations);
    });
  }

  private async answer(m: EntityManager, email: string, organizations: OrganizationModel[]): Promise<NotificationPreferencesV1[]> {
    const answers: NotificationPreferencesV1[] = [];
    for (const organization of organizations) {
      const person = organization.people.find((p) => p.email.toLowerCase() === email);
      const prefs = await preferencesOf(m, organization.slug, email, person);
      answers.push({ email, organization: organization.slug, channels: prefs.channels, quiet_hours: prefs.quiet_hours, digest: prefs.digest, overridden: prefs.overridden });
    }
    return answers;
  }

  /** The caller's organizations (scope), else every organization that lists the person. */
  private organizationsOf(email: string, scope: string[] | null): OrganizationModel[] {
    const all = this.context.config.organizations;
    if (scope !== null) return all.filter((o) => scope.includes(o.slug));
    const known = all.filter((o) => o.people.some((p) => p.email.toLowerCase() === email) || o.positions.some((p) => p.holders.includes(email)));
    if (known.length === 0) throw new OrgoError('NOTIFICATION.PERSON_NOT_FOUND', `${email} is not listed in any organization (people or position holders)`, { email });
    return known;
  }
}

function emailOf(value: unknown): string {
  if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(value.trim())) {
    throw new OrgoError('NOTIFICATION.INVALID_PREFERENCES', `email must be an email address; found ${JSON.stringify(value)}`, { field: 'email' });
  }
  return value.trim().toLowerCase();
}

/** The fields to change, validated; at least one is required. */
export function validChange(command: NotificationPreferencesSetV1): Pick<NotificationPreferencesSetV1, 'channels' | 'quiet_hours' | 'digest'> {
  const bad = (field: string, expected: string, found: unknown) =>
    new OrgoError('NOTIFICATION.INVALID_PREFERENCES', `${field} must be ${expected}; found ${JSON.stringify(found)}`, { field, expected });
  const change: Pick<NotificationPreferencesSetV1, 'channels' | 'quiet_hours' | 'digest'> = {};
  if (command.channels !== undefined) {
    const channels = command.channels as unknown;
    if (!Array.isArray(channels) || channels.length === 0 || channels.some((c) => !CHANNELS.includes(c)) || new Set(channels).size !== channels.length) {
      throw bad('channels', `a non-empty list of distinct channels among ${CHANNELS.join(', ')}`, channels);
    }
    change.channels = channels as NotificationChannel[];
  }
  if (command.quiet_hours !== undefined) {
    const problem = command.quiet_hours === null ? null : quietHoursProblem(command.quiet_hours);
    if (problem) throw bad('quiet_hours', `${problem}, or null for none`, command.quiet_hours);
    change.quiet_hours = command.quiet_hours === null ? null : command.quiet_hours.trim();
  }
  if (command.digest !== undefined) {
    if (!DIGESTS.includes(command.digest)) throw bad('digest', `one of ${DIGESTS.join(', ')}`, command.digest);
    change.digest = command.digest;
  }
  if (Object.keys(change).length === 0) throw bad('the change', 'at least one of channels, quiet_hours, digest', {});
  return change;
}
