import { DEFAULT_AUDIT_SETTINGS, auditSettings } from './audit-settings';

describe('audit-log settings', () => {
  it('defaults, and reads numbers and durations', () => {
    expect(auditSettings(undefined)).toEqual(DEFAULT_AUDIT_SETTINGS);
    expect(auditSettings({ checkpoint_every: 5, retention_interval_ms: 60_000, security_retention: '3 years' })).toMatchObject({
      checkpointEvery: 5,
      retentionIntervalMs: 60_000,
      securityRetentionMs: 3 * 365 * 86_400_000,
    });
  });

  it('refuses bad values and unknown keys, naming the key and where to fix it', () => {
    expect(() => auditSettings({ checkpoint_every: 0, system_retention: 'soon', checkpoint_evry: 3 })).toThrow(
      /checkpoint_every'.*ORGO_AUDIT_LOG__CHECKPOINT_EVERY\): expected a whole number of entries from 1[\s\S]*system_retention'.*expected a duration[\s\S]*checkpoint_evry'.*unknown key/,
    );
  });
});
