import type { PersonModel } from '@orgo/domain';

import { effectivePreferences } from './preferences';

const jane: PersonModel = { email: 'jane@n.example', name: 'Jane Roy', notify: { channels: ['email', 'sms'], digest: 'hourly', quietHours: '22:00-07:00' } };

describe('effectivePreferences', () => {
  it('defaults to email, immediately, no quiet hours for someone the file does not list', () => {
    expect(effectivePreferences(undefined, null)).toEqual({ channels: ['email'], quiet_hours: null, digest: 'immediate', overridden: [] });
  });

  it('takes the organization file', () => {
    expect(effectivePreferences(jane, null)).toEqual({ channels: ['email', 'sms'], quiet_hours: '22:00-07:00', digest: 'hourly', overridden: [] });
  });

  it('lets the person override field by field, and turn quiet hours off', () => {
    expect(effectivePreferences(jane, { digest: 'daily', quiet_hours: null })).toEqual({
      channels: ['email', 'sms'],
      quiet_hours: null,
      digest: 'daily',
      overridden: ['quiet_hours', 'digest'],
    });
    expect(effectivePreferences(jane, { channels: ['in_app'] })).toMatchObject({ channels: ['in_app'], overridden: ['channels'] });
  });
});
