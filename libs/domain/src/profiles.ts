import type { EscalationGranularity } from './position';
import type { Priority, Severity } from './priority';

export type Visibility = 'private' | 'restricted' | 'department' | 'organization';
export const VISIBILITIES: Visibility[] = ['private', 'restricted', 'department', 'organization'];

/** The ten parameters of a profile (SPEC §6). Durations are kept as written. */
export interface ProfileParameters {
  reactivity: Record<Priority, string>;
  transparency: Visibility;
  escalation_granularity: EscalationGranularity;
  review_frequency: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  notification_scope: 'individual' | 'team' | 'department' | 'organization';
  pattern_sensitivity: { count: number; window: string };
  severity_threshold: Severity;
  logging_level: 'minimal' | 'moderate' | 'audit' | 'full';
  automation_level: 'manual' | 'assisted' | 'automatic';
  /** A duration, or `indefinite`. */
  retention: string;
}

export const PROFILE_PARAMETER_KEYS: (keyof ProfileParameters)[] = [
  'reactivity',
  'transparency',
  'escalation_granularity',
  'review_frequency',
  'notification_scope',
  'pattern_sensitivity',
  'severity_threshold',
  'logging_level',
  'automation_level',
  'retention',
];

export const PARAMETER_VALUES = {
  transparency: VISIBILITIES,
  escalation_granularity: ['detailed', 'moderate', 'accelerated', 'broad'],
  review_frequency: ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'],
  notification_scope: ['individual', 'team', 'department', 'organization'],
  severity_threshold: ['minor', 'moderate', 'major', 'critical'],
  logging_level: ['minimal', 'moderate', 'audit', 'full'],
  automation_level: ['manual', 'assisted', 'automatic'],
} as const;

const r = (critical: string, high: string, medium: string, low: string) => ({ critical, high, medium, low });

/** The seven built-in profiles, exactly as SPEC §6's table. */
export const BUILTIN_PROFILES: Record<string, ProfileParameters> = {
  friend_group: {
    reactivity: r('1d', '3d', '1w', '2w'), transparency: 'organization', escalation_granularity: 'detailed',
    review_frequency: 'yearly', notification_scope: 'team', pattern_sensitivity: { count: 10, window: '180d' },
    severity_threshold: 'critical', logging_level: 'minimal', automation_level: 'manual', retention: '6 months',
  },
  hospital: {
    reactivity: r('5m', '15m', '1h', '4h'), transparency: 'restricted', escalation_granularity: 'accelerated',
    review_frequency: 'daily', notification_scope: 'individual', pattern_sensitivity: { count: 3, window: '30d' },
    severity_threshold: 'moderate', logging_level: 'audit', automation_level: 'automatic', retention: '10 years',
  },
  advocacy_group: {
    reactivity: r('1h', '12h', '24h', '48h'), transparency: 'department', escalation_granularity: 'moderate',
    review_frequency: 'weekly', notification_scope: 'department', pattern_sensitivity: { count: 5, window: '60d' },
    severity_threshold: 'major', logging_level: 'moderate', automation_level: 'assisted', retention: '5 years',
  },
  retail_chain: {
    reactivity: r('4h', '24h', '48h', '72h'), transparency: 'department', escalation_granularity: 'moderate',
    review_frequency: 'monthly', notification_scope: 'department', pattern_sensitivity: { count: 5, window: '90d' },
    severity_threshold: 'critical', logging_level: 'moderate', automation_level: 'assisted', retention: '5 years',
  },
  military: {
    reactivity: r('0s', '5m', '15m', '1h'), transparency: 'private', escalation_granularity: 'broad',
    review_frequency: 'daily', notification_scope: 'individual', pattern_sensitivity: { count: 2, window: '7d' },
    severity_threshold: 'minor', logging_level: 'full', automation_level: 'automatic', retention: 'indefinite',
  },
  environmental_group: {
    reactivity: r('1h', '12h', '24h', '48h'), transparency: 'organization', escalation_granularity: 'moderate',
    review_frequency: 'weekly', notification_scope: 'organization', pattern_sensitivity: { count: 3, window: '30d' },
    severity_threshold: 'major', logging_level: 'moderate', automation_level: 'assisted', retention: '5 years',
  },
  artist_collective: {
    reactivity: r('1d', '3d', '1w', '3w'), transparency: 'department', escalation_granularity: 'detailed',
    review_frequency: 'quarterly', notification_scope: 'department', pattern_sensitivity: { count: 10, window: '180d' },
    severity_threshold: 'critical', logging_level: 'minimal', automation_level: 'manual', retention: '6 months',
  },
};

/**
 * The parameters of an organization that names no profile: advocacy_group's, with a generic
 * reactivity table (critical 1h, high 4h, medium 24h, low 72h). The rule files' `defaults` come
 * before this table (SPEC §6 precedence).
 */
export const DEFAULT_PARAMETERS: ProfileParameters = {
  ...BUILTIN_PROFILES.advocacy_group,
  reactivity: r('1h', '4h', '24h', '72h'),
};
