import { DEFAULT_SCHEDULER_SETTINGS, schedulerSettings } from './scheduler-settings';

describe('schedulerSettings', () => {
  it('defaults to a 5 s safety interval, a 15 s time-rule interval and a review check every minute', () => {
    expect(schedulerSettings(undefined)).toEqual({ safetyIntervalMs: 5_000, timeRuleIntervalMs: 15_000, reviewCheckIntervalMs: 60_000 });
    expect(schedulerSettings({})).toEqual(DEFAULT_SCHEDULER_SETTINGS);
  });

  it('takes whole milliseconds within bounds', () => {
    expect(schedulerSettings({ safety_interval_ms: 1000, time_rule_interval_ms: 2000, review_check_interval_ms: 500 })).toEqual({
      safetyIntervalMs: 1000,
      timeRuleIntervalMs: 2000,
      reviewCheckIntervalMs: 500,
    });
  });

  it('refuses bad values and unknown keys, naming the key, where it is set and what is expected', () => {
    expect(() => schedulerSettings({ safety_interval_ms: 'soon', time_rule_interval_ms: 10, review_check_interval_ms: 0, safety_intervall_ms: 1 })).toThrow(
      /safety_interval_ms.*ORGO_ESCALATION_SCHEDULER__SAFETY_INTERVAL_MS.*from 100 to 300000, found "soon"[\s\S]*time_rule_interval_ms.*found 10[\s\S]*review_check_interval_ms.*found 0[\s\S]*safety_intervall_ms.*unknown key/,
    );
  });
});
