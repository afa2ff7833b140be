import { DEFAULT_INTAKE_SETTINGS, intakeSettings } from './intake-settings';

describe('intakeSettings', () => {
  it('takes the defaults, and the keys given', () => {
    expect(intakeSettings(undefined)).toEqual(DEFAULT_INTAKE_SETTINGS);
    expect(intakeSettings({ intake: { difficulty: 12, submissions_per_minute: 2 } })).toMatchObject({ difficulty: 12, submissionsPerMinute: 2, challengeTtlSeconds: 600 });
  });

  it('names the key, where it is set and what it takes', () => {
    expect(() => intakeSettings({ intake: { difficulty: 40, colour: 1 } })).toThrow(
      /intake\.difficulty' \(config\/services\/api-gateway\/\*\.yaml or ORGO_API_GATEWAY__INTAKE__DIFFICULTY\): expected a whole number from 1 to 28, found 40[\s\S]*intake\.colour'.*unknown key/,
    );
  });
});
