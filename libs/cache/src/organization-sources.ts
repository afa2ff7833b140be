import type { OrgoConfig, RuleFileSource } from '@orgo/config';
import {
  type DirectoryLookups,
  OrganizationDirectory,
  type OrganizationModel,
  ValidationError,
  type ValidationIssue,
} from '@orgo/domain';
import {
  type CompiledRuleSet,
  type RuleSetModel,
  compileRuleSet,
  compileRuleSetModel,
  ruleSetModel,
  ruleSourcesFor,
} from '@orgo/rules';

import type { CachedModelSource } from './cached-model.registry';

/** The rule files as last read, with the problems of those that could not be read or parsed. */
export interface RuleFilesState {
  files: RuleFileSource[];
  /** Files left out of `files` (unreadable, not YAML), by `readRuleFiles`. */
  problems: ValidationIssue[];
}

/** The read problems of the files that apply to an organization (global, domains, its own). */
function readProblemsFor(problems: ValidationIssue[], organization: string): ValidationIssue[] {
  return problems.filter(
    (p) => !p.file?.startsWith('organizations/') || p.file.startsWith(`organizations/${organization}/`),
  );
}

/**
 * Compiled rule sets: hashed over the rule files that apply to the organization (global, domain,
 * its own); cached as the validated rule model, so a replica with a hit only compiles conditions.
 * `current` gives the rule files as last read (by default the configuration's, read at start); a
 * file that could not be parsed makes the organization's rules invalid rather than absent.
 */
export function ruleSetSource(
  config: Pick<OrgoConfig, 'organizations' | 'ruleFiles'>,
  current: () => RuleFilesState = () => ({ files: config.ruleFiles, problems: [] }),
): CachedModelSource<RuleSetModel, CompiledRuleSet> {
  /** The organization's `organization.domains` (null: every domain applies). */
  const domainsOf = (organization: string) =>
    config.organizations.find((o) => o.slug === organization)?.domains ?? null;
  return {
    kind: 'rules',
    organizations: () => config.organizations.map((o) => o.slug),
    content: (organization) => {
      const { files, problems } = current();
      const sources = ruleSourcesFor(files, organization, domainsOf(organization)).map(
        ({ file, layer, scope, data, sensitive }) => ({
          file,
          layer,
          scope,
          data,
          ...(sensitive ? { sensitive } : {}),
        }),
      );
      const unreadable = readProblemsFor(problems, organization);
      return unreadable.length ? { sources, unreadable } : sources;
    },
    build: (organization) => {
      const { files, problems } = current();
      const unreadable = readProblemsFor(problems, organization);
      if (unreadable.length)
        throw new ValidationError('RULES.INVALID', unreadable, `Rules for ${organization} are invalid`);
      return compileRuleSet(files, organization, domainsOf(organization));
    },
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
export function directorySource(
  config: Pick<OrgoConfig, 'organizations'>,
): CachedModelSource<DirectoryLookups, DirectoryEntry> {
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
