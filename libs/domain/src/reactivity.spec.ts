import { BUILTIN_PROFILES, PROFILE_PARAMETER_KEYS } from './profiles';
import { resolveReactivity } from './reactivity';

describe('resolveReactivity', () => {
  const full = {
    ruleEscalateAfter: '2 hours',
    metadataReactivity: '30m',
    organizationTable: { high: '12h' },
    globalTable: { high: '1h' },
    globalDefault: '24h',
  };

  it('follows the precedence rule → metadata → organization → global table → global default', () => {
    expect(resolveReactivity(full, 'high')).toEqual({ ms: 7_200_000, source: 'rule' });
    expect(resolveReactivity({ ...full, ruleEscalateAfter: null }, 'high')).toEqual({ ms: 1_800_000, source: 'metadata' });
    expect(resolveReactivity({ ...full, ruleEscalateAfter: null, metadataReactivity: null }, 'high')).toEqual({ ms: 43_200_000, source: 'organization' });
    expect(resolveReactivity({ globalTable: { high: '1h' }, globalDefault: '24h' }, 'high')).toEqual({ ms: 3_600_000, source: 'global_table' });
    expect(resolveReactivity({ globalTable: { high: '1h' }, globalDefault: '24h' }, 'low')).toEqual({ ms: 86_400_000, source: 'global_default' });
    expect(resolveReactivity({}, 'low')).toBeNull();
  });

  it('takes seconds from numeric metadata', () => {
    expect(resolveReactivity({ metadataReactivity: 90 }, 'medium')).toEqual({ ms: 90_000, source: 'metadata' });
  });
});

describe('built-in profiles', () => {
  it('has the seven profiles of SPEC with every parameter', () => {
    expect(Object.keys(BUILTIN_PROFILES).sort()).toEqual([
      'advocacy_group', 'artist_collective', 'environmental_group', 'friend_group', 'hospital', 'military', 'retail_chain',
    ]);
    for (const profile of Object.values(BUILTIN_PROFILES)) expect(Object.keys(profile).sort()).toEqual([...PROFILE_PARAMETER_KEYS].sort());
  });

  it('matches SPEC table values', () => {
    expect(BUILTIN_PROFILES.hospital).toMatchObject({ reactivity: { critical: '5m', high: '15m', medium: '1h', low: '4h' }, escalation_granularity: 'accelerated', severity_threshold: 'moderate', automation_level: 'automatic' });
    expect(BUILTIN_PROFILES.military).toMatchObject({ reactivity: { critical: '0s' }, transparency: 'private', escalation_granularity: 'broad', retention: 'indefinite', pattern_sensitivity: { count: 2, window: '7d' } });
    expect(BUILTIN_PROFILES.friend_group).toMatchObject({ automation_level: 'manual', notification_scope: 'team', retention: '6 months' });
  });
});
