import type { OrgoConfig } from '@orgo/config';
import { type DirectoryLookups, OrganizationDirectory, type OrganizationModel } from '@orgo/domain';
import { type CompiledRuleSet, type RuleSetModel, compileRuleSet, compileRuleSetModel, ruleSetModel, ruleSourcesFor } from '@orgo/rules';

import type { CachedModelSource } from './cached-model.registry';

/**
 * Compiled rule sets: hashed over the rule files that apply to the organization (global, domain,
 * its own); cached as the validated rule model, so a replica with a hit only compiles conditions.
 */
export function ruleSetSource(config: Pick<OrgoConfig, 'organizations' | 'ruleFiles'>): CachedModelSource<RuleSetModel, CompiledRuleSet> {
  return {
    kind: 'rules',
    organizations: () => config.organizations.map((o) => o.slug),
    content: (organization) => ruleSourcesFor(config.ruleFiles, organization).map(({ file, layer, scope, data }) => ({ file, layer, scope, data })),
    build: (organization) => compileRuleSet(config.ruleFiles, organization),
    toModel: ruleSetModel,
    fromModel: compileRuleSetModel,
  };
}

/** An organization's directory: its model with the positions' chains and the role-address map. */
export interface DirectoryEntry {
  model: OrganizationModel;
  directory: OrganizationDirectory;
}

/** Organization directories: hashed over the organization model; cached with the hierarchy resolved. */
export function directorySource(config: Pick<OrgoConfig, 'organizations'>): CachedModelSource<DirectoryLookups, DirectoryEntry> {
  const modelOf = (slug: string) => config.organizations.find((o) => o.slug === slug);
  return {
    kind: 'directory',
    organizations: () => config.organizations.map((o) => o.slug),
    content: modelOf,
    build: (organization) => {
      const model = modelOf(organization) as OrganizationModel;
      return { model, directory: new OrganizationDirectory(model) };
    },
    toModel: (entry) => entry.directory.lookups(),
    fromModel: (lookups) => {
      const directory = OrganizationDirectory.fromLookups(lookups);
      return { model: directory.model, directory };
    },
  };
}
