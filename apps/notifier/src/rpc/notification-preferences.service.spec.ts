import { OrgoError } from '@orgo/domain';

import { validChange } from './notification-preferences.service';

const base = { email: 'jane@northside.example', scope: null };

describe('validChange', () => {
  it('keeps the fields given, quiet hours trimmed, null turning them off', () => {
    expect(validChange({ ...base, channels: ['email', 'in_app'], quiet_hours: ' 22:00-07:00 ', digest: 'hourly' })).toEqual({ channels: ['email', 'in_app'], quiet_hours: '22:00-07:00', digest: 'hourly' });
    expect(validChange({ ...base, quiet_hours: null })).toEqual({ quiet_hours: null });
  });

  it('says which field is wrong and what to send', () => {
    const problem = (change: object) => {
      try {
        validChange({ ...base, ...change });
      } catch (error) {
        expect(error).toBeInstanceOf(OrgoError);
        expect((error as OrgoError).code).toBe('NOTIFICATION.INVALID_PREFERENCES');
        return (error as OrgoError).message;
      }
      throw new Error('no error');
    };
    expect(problem({ channels: [] })).toMatch(/^channels must be a non-empty list of distinct channels among email, sms, in_app/);
    expect(problem({ channels: ['email', 'email'] })).toMatch(/^channels must be/);
    expect(problem({ channels: ['fax'] })).toMatch(/found \["fax"\]/);
    expect(problem({ quiet_hours: '22:00-22:00' })).toMatch(/^quiet_hours must be quiet hours whose start and end differ/);
    expect(problem({ quiet_hours: '25:00-07:00' })).toMatch(/HH:MM-HH:MM/);
    expect(problem({ digest: 'weekly' })).toBe('digest must be one of immediate, hourly, daily; found "weekly"');
    expect(problem({})).toMatch(/at least one of channels, quiet_hours, digest/);
  });
});
