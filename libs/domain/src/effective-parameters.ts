import type { ParameterSource } from './organization';
import { DEFAULT_PARAMETERS, PROFILE_PARAMETER_KEYS, type ProfileParameters } from './profiles';

export type ParameterSources = Record<keyof ProfileParameters, ParameterSource>;

/** Every parameter of a built-in profile comes from `profile: <name>`. */
export function builtinSources(profile: string): ParameterSources {
  return Object.fromEntries(PROFILE_PARAMETER_KEYS.map((key) => [key, `profile: ${profile}`])) as ParameterSources;
}

/**
 * A profile defined or changed by a file of the configuration (`profiles/<file>.yaml`): the keys it
 * sets come from that file, the others from the profile it extends (or the one it overrides).
 */
export function profileFileSources(file: string, set: Partial<ProfileParameters>, base: ParameterSources | undefined): ParameterSources {
  return Object.fromEntries(
    PROFILE_PARAMETER_KEYS.map((key) => [key, set[key] !== undefined || !base ? (file as ParameterSource) : base[key]]),
  ) as ParameterSources;
}

/**
 * An organization's effective parameters (SPEC §6): its profile's (or the global defaults when it
 * names none), overridden key by key by `organization.parameters`; the reactivity table merges per
 * priority. Each key says where its value came from.
 */
export function effectiveParameters(
  profile: { name: string; parameters: ProfileParameters; sources: ParameterSources } | null,
  overrides: Partial<ProfileParameters>,
): { parameters: ProfileParameters; sources: ParameterSources } {
  const base = profile?.parameters ?? DEFAULT_PARAMETERS;
  const parameters: ProfileParameters = {
    ...base,
    ...overrides,
    reactivity: { ...base.reactivity, ...(overrides.reactivity ?? {}) },
  };
  const sources = Object.fromEntries(
    PROFILE_PARAMETER_KEYS.map((key) => [key, overrides[key] !== undefined ? 'organization override' : (profile?.sources[key] ?? 'default')]),
  ) as ParameterSources;
  return { parameters, sources };
}
