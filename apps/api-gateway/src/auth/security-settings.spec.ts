import { DEFAULT_SECURITY_SETTINGS, securitySettings } from './security-settings';

describe('securitySettings', () => {
  it('keeps the defaults without settings, and leaves other sections alone', () => {
    expect(securitySettings(undefined)).toEqual(DEFAULT_SECURITY_SETTINGS);
    expect(securitySettings({ somebody_elses: { key: 'x' } })).toEqual(DEFAULT_SECURITY_SETTINGS);
  });

  it('reads the keys, as the environment overrides set them', () => {
    const settings = securitySettings({ rate_limits: { user_per_minute: 50 }, lockout: { first_delay_seconds: 30 }, password: { min_score: 4 } });
    expect(settings.rateLimits).toEqual({ ...DEFAULT_SECURITY_SETTINGS.rateLimits, userPerMinute: 50 });
    expect(settings.lockout.firstDelaySeconds).toBe(30);
    expect(settings.password.minScore).toBe(4);
  });

  it('names the key, the expected value and where to set it', () => {
    expect(() => securitySettings({ rate_limits: { user_per_minut: 5, ip_per_minute: 0 } })).toThrow(
      /rate_limits\.user_per_minut' .*unknown key[\s\S]*ORGO_API_GATEWAY__RATE_LIMITS__IP_PER_MINUTE\): expected a whole number from 1/,
    );
    expect(() => securitySettings({ lockout: { first_delay_seconds: 60, max_delay_seconds: 10 } })).toThrow(/shorter than/);
  });
});
