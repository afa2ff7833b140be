import { builtinSources, effectiveParameters, profileFileSources } from './effective-parameters';
import { BUILTIN_PROFILES, DEFAULT_PARAMETERS, PROFILE_PARAMETER_KEYS, type ProfileParameters } from './profiles';

// SPEC §6's table, one row per profile: the parameters that act at routing time.
const TABLE: [string, string, string, string, string, string][] = [
  // profile, reactivity (critical/high/medium/low), transparency, granularity, severity threshold, automation
  ['friend_group', '1d/3d/1w/2w', 'organization', 'detailed', 'critical', 'manual'],
  ['hospital', '5m/15m/1h/4h', 'restricted', 'accelerated', 'moderate', 'automatic'],
  ['advocacy_group', '1h/12h/24h/48h', 'department', 'moderate', 'major', 'assisted'],
  ['retail_chain', '4h/24h/48h/72h', 'department', 'moderate', 'critical', 'assisted'],
  ['military', '0s/5m/15m/1h', 'private', 'broad', 'minor', 'automatic'],
  ['environmental_group', '1h/12h/24h/48h', 'organization', 'moderate', 'major', 'assisted'],
  ['artist_collective', '1d/3d/1w/3w', 'department', 'detailed', 'critical', 'manual'],
];

describe('effectiveParameters', () => {
  it('covers the seven built-in profiles', () => {
    expect(Object.keys(BUILTIN_PROFILES).sort()).toEqual(TABLE.map((row) => row[0]).sort());
  });

  it.each(TABLE)('%s: its parameters, each from the profile', (name, reactivity, transparency, granularity, severity, automation) => {
    const { parameters, sources } = effectiveParameters({ name, parameters: BUILTIN_PROFILES[name], sources: builtinSources(name) }, {});
    const [critical, high, medium, low] = reactivity.split('/');
    expect(parameters).toMatchObject({
      reactivity: { critical, high, medium, low },
      transparency,
      escalation_granularity: granularity,
      severity_threshold: severity,
      automation_level: automation,
    });
    expect(new Set(Object.values(sources))).toEqual(new Set([`profile: ${name}`]));
    expect(Object.keys(sources).sort()).toEqual([...PROFILE_PARAMETER_KEYS].sort());
  });

  it.each(TABLE)('%s with overrides: the overridden keys come from the organization, the rest from the profile', (name, reactivity) => {
    const { parameters, sources } = effectiveParameters(
      { name, parameters: BUILTIN_PROFILES[name], sources: builtinSources(name) },
      { transparency: 'private', automation_level: 'manual', reactivity: { high: '2h' } as ProfileParameters['reactivity'] },
    );
    const [critical, , medium, low] = reactivity.split('/');
    expect(parameters.reactivity).toEqual({ critical, high: '2h', medium, low });
    expect(parameters).toMatchObject({ transparency: 'private', automation_level: 'manual', retention: BUILTIN_PROFILES[name].retention });
    expect(sources).toMatchObject({
      reactivity: 'organization override',
      transparency: 'organization override',
      automation_level: 'organization override',
      severity_threshold: `profile: ${name}`,
      retention: `profile: ${name}`,
    });
  });

  it('uses the global defaults when the organization names no profile', () => {
    const { parameters, sources } = effectiveParameters(null, { severity_threshold: 'minor' });
    expect(parameters).toEqual({ ...DEFAULT_PARAMETERS, severity_threshold: 'minor' });
    expect(sources).toMatchObject({ reactivity: 'default', transparency: 'default', severity_threshold: 'organization override' });
  });

  it('credits a profile file with the keys it sets and the extended profile with the rest', () => {
    const sources = profileFileSources('profiles/school.yaml', { escalation_granularity: 'broad' }, builtinSources('advocacy_group'));
    expect(sources).toMatchObject({ escalation_granularity: 'profiles/school.yaml', transparency: 'profile: advocacy_group' });
    expect(profileFileSources('profiles/new.yaml', {}, undefined).transparency).toBe('profiles/new.yaml');
  });
});
