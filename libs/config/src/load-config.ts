import fs from 'node:fs';
import path from 'node:path';

import {
  BUILTIN_PROFILES,
  OrgoError,
  type OrganizationModel,
  type ParameterSources,
  type ProfileParameters,
  ValidationError,
  type ValidationIssue,
  builtinSources,
  profileFileSources,
} from '@orgo/domain';

import { Checker } from './checker';
import { type RuleDocumentModel, readRuleDocuments } from './rule-documents';
import { checkConnectionSettings } from './connection-settings-schema';
import { type EmailSettings, checkEmailSettings } from './email-settings-schema';
import { applyEnvOverrides } from './env-overrides';
import { checkNotifierSettings, notifierSettingsFile } from './notifier-settings-schema';
import { checkOrganization, validTimezone } from './organization-schema';
import { checkParserSettings, parserSettingsFile } from './parser-settings-schema';
import { checkParameters } from './profile-schema';
import { type RuleFileSource, readRuleFiles } from './rule-files';
import { readYamlFile, subfoldersOf, yamlFilesIn } from './yaml-file';

export interface BaseConfig {
  timezone: string;
  language: string;
  log_level: string;
  [key: string]: unknown;
}

export interface OrgoConfig {
  /** Absolute path of the configuration folder. */
  dir: string;
  environment: string;
  base: BaseConfig;
  services: Record<string, Record<string, unknown>>;
  /** The email-gateway's validated settings (`services/email/*.yaml`): IMAP mailboxes, SMTP intake. */
  email: EmailSettings;
  security: Record<string, unknown>;
  profiles: Record<string, ProfileParameters>;
  organizations: OrganizationModel[];
  ruleFiles: RuleFileSource[];
  templateDirs: { domain: Record<string, string>; organization: Record<string, string> };
  documentDirs: Record<string, string>;
  /** Per organization slug, the files of its `documents/` folder by name (hashed and sniffed at load); absent in configurations built by hand. */
  documents?: Record<string, Record<string, RuleDocumentModel>>;
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  environment?: string;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const PLACEHOLDER = /^<[A-Z0-9_]+>$/;

/**
 * Loads and validates the whole configuration folder (SPEC §7 layout). Every problem of every file
 * is collected, then one ValidationError lists them all: nothing half-loads.
 */
export function loadConfig(dirInput: string, options: LoadConfigOptions = {}): OrgoConfig {
  const dir = path.resolve(dirInput);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new OrgoError(
      'CONFIG.MISSING',
      `Configuration folder ${dir} does not exist; point --config DIR at a folder laid out as in SPEC §7 (global/, organizations/<slug>/…)`,
    );
  }
  const env = options.env ?? {};
  const issues: ValidationIssue[] = [];
  const environment = options.environment ?? env.ORGO_ENV ?? 'development';

  // global/base_config.yaml and global/environment.yaml
  const base: BaseConfig = { timezone: 'UTC', language: 'en', log_level: 'info' };
  const baseFile = 'global/base_config.yaml';
  if (!fs.existsSync(path.join(dir, baseFile))) {
    issues.push({
      file: baseFile,
      path: '',
      expected: 'the file (with metadata.version, timezone, log_level)',
      found: 'no such file',
    });
  } else {
    const raw = readYamlFile(dir, baseFile, issues);
    const check = new Checker(baseFile, issues);
    if (raw !== undefined) {
      const obj = check.object(raw, '', Object.keys((raw as object) ?? {}));
      if (obj) {
        check.metadata(obj);
        Object.assign(base, Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'metadata')));
      }
    }
  }
  const envFile = 'global/environment.yaml';
  if (fs.existsSync(path.join(dir, envFile))) {
    const raw = readYamlFile(dir, envFile, issues);
    const check = new Checker(envFile, issues);
    const obj = raw === undefined ? undefined : check.object(raw, '', ['metadata', 'environments']);
    if (obj) {
      check.metadata(obj);
      const envs =
        obj.environments === undefined
          ? {}
          : check.object(obj.environments, 'environments', Object.keys((obj.environments as object) ?? {}));
      const active = envs?.[environment];
      if (active !== undefined && check.isObject(active)) Object.assign(base, active);
      else if (active !== undefined)
        check.issue(`environments.${environment}`, 'a mapping of base settings to override', active);
    }
  }

  // services/<service>/*.yaml and security/*.yaml
  const services: Record<string, Record<string, unknown>> = {};
  /** Which file set each top-level key of each service, for messages. */
  const serviceFiles: Record<string, Record<string, string>> = {};
  for (const service of subfoldersOf(path.join(dir, 'services'))) {
    for (const file of yamlFilesIn(dir, `services/${service}`)) {
      const raw = readYamlFile(dir, file, issues);
      const check = new Checker(file, issues);
      const obj = raw === undefined ? undefined : check.object(raw, '', Object.keys((raw as object) ?? {}));
      if (!obj) continue;
      check.metadata(obj);
      services[service] = {
        ...services[service],
        ...Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'metadata')),
      };
      for (const key of Object.keys(obj)) (serviceFiles[service] ??= {})[key] = file;
    }
  }
  const security: Record<string, unknown> = {};
  for (const file of yamlFilesIn(dir, 'security').filter(
    (f) => !f.endsWith('.example.yaml') && !f.endsWith('.example.yml'),
  )) {
    const raw = readYamlFile(dir, file, issues);
    const check = new Checker(file, issues);
    const obj = raw === undefined ? undefined : check.object(raw, '', Object.keys((raw as object) ?? {}));
    if (!obj) continue;
    check.metadata(obj);
    Object.assign(security, Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'metadata')));
  }
  applyEnvOverrides(base, services, env);
  checkConnectionSettings(services, issues);
  checkParserSettings(services.parser, parserSettingsFile, issues);
  const baseCheck = new Checker(baseFile, issues);
  baseCheck.oneOf(base.log_level, 'log_level', LOG_LEVELS);
  if (typeof base.timezone !== 'string' || !validTimezone(base.timezone))
    baseCheck.issue('timezone', "an IANA time zone such as 'UTC' or 'America/Toronto'", base.timezone);

  // profiles/*.yaml: add or override profiles.
  const profiles: Record<string, ProfileParameters> = { ...BUILTIN_PROFILES };
  const profileSources: Record<string, ParameterSources> = Object.fromEntries(
    Object.keys(BUILTIN_PROFILES).map((n) => [n, builtinSources(n)]),
  );
  for (const file of yamlFilesIn(dir, 'profiles')) {
    const raw = readYamlFile(dir, file, issues);
    const check = new Checker(file, issues);
    const obj =
      raw === undefined
        ? undefined
        : check.object(raw, '', ['metadata', 'name', 'extends', 'parameters'], ['name', 'parameters']);
    if (!obj) continue;
    check.metadata(obj);
    const name = check.string(obj.name, 'name', {
      required: true,
      pattern: /^[a-z][a-z0-9_]*$/,
      expected: 'a profile name in snake_case',
    });
    const parent =
      obj.extends === undefined ? undefined : check.oneOf(obj.extends, 'extends', Object.keys(profiles));
    const baseProfile = parent ? profiles[parent] : name ? profiles[name] : undefined;
    const params = checkParameters(check, obj.parameters, 'parameters', baseProfile !== undefined);
    if (name)
      profileSources[name] = profileFileSources(
        file,
        params,
        parent ? profileSources[parent] : profileSources[name],
      );
    if (name)
      profiles[name] = {
        ...(baseProfile ?? ({} as ProfileParameters)),
        ...params,
        reactivity: {
          ...(baseProfile?.reactivity ?? {}),
          ...(params.reactivity ?? {}),
        } as ProfileParameters['reactivity'],
      };
  }

  const templateDirs: OrgoConfig['templateDirs'] = { domain: {}, organization: {} };
  for (const domain of subfoldersOf(path.join(dir, 'domains'))) {
    const templates = path.join(dir, 'domains', domain, 'templates');
    if (fs.existsSync(templates)) templateDirs.domain[domain] = templates;
  }

  // organizations/<slug>/organization.yaml
  const organizations: OrganizationModel[] = [];
  const documentDirs: Record<string, string> = {};
  const documents: Record<string, Record<string, RuleDocumentModel>> = {};
  const orgSlugs = subfoldersOf(path.join(dir, 'organizations'));
  if (orgSlugs.length === 0) {
    issues.push({
      file: 'organizations/',
      path: '',
      expected: 'at least one organizations/<slug>/organization.yaml',
      found: 'no organization',
    });
  }
  const addressOwners = new Map<string, string>();
  /** The organizations whose rule files are read (those with a readable organization file). */
  const ruleOwners: string[] = [];
  for (const slug of orgSlugs) {
    const file = `organizations/${slug}/organization.yaml`;
    if (!fs.existsSync(path.join(dir, file))) {
      issues.push({ file, path: '', expected: 'the organization file', found: 'no such file' });
      continue;
    }
    const raw = readYamlFile(dir, file, issues);
    if (raw === undefined) continue;
    const check = new Checker(file, issues);
    const org = checkOrganization(
      check,
      raw,
      slug,
      profiles,
      profileSources,
      subfoldersOf(path.join(dir, 'domains')),
    );
    ruleOwners.push(slug);
    if (!org) continue;
    org.roles.forEach((role, i) =>
      role.addresses.forEach((address, j) => {
        const owner = addressOwners.get(address);
        const hint = `already claimed by ${owner}; mail to an address reaches one role of one organization, so remove it from one of them`;
        if (owner)
          check.issue(`roles[${i}].addresses[${j}]`, 'an address no other role claims', address, hint);
        else addressOwners.set(address, `role ${role.id} of ${slug}`);
      }),
    );
    organizations.push(org);
    const templates = path.join(dir, 'organizations', slug, 'templates');
    if (fs.existsSync(templates)) templateDirs.organization[slug] = templates;
    const documentsDir = path.join(dir, 'organizations', slug, 'documents');
    if (fs.existsSync(documentsDir)) {
      documentDirs[slug] = documentsDir;
      documents[slug] = readRuleDocuments(documentsDir);
    }
  }

  // Rule files: global, domains, organizations (the rules inside are validated by @orgo/rules).
  const ruleFiles: RuleFileSource[] = readRuleFiles(dir, ruleOwners, issues);

  const emailFile = (key: string) =>
    serviceFiles.email?.[key] ?? `services/email/ (${key}, or ORGO_EMAIL__${key.toUpperCase()}__…)`;
  const email = checkEmailSettings(services.email, {
    files: { imap: emailFile('imap'), smtp: emailFile('smtp'), pop3: emailFile('pop3') },
    organizations,
    security,
    env,
    issues,
  });
  // `pop3` has its own refusal (checkEmailSettings), which says what to use instead.
  const unknownEmailKeys = Object.keys(services.email ?? {}).filter((k) => k !== 'imap' && k !== 'smtp' && k !== 'pop3');
  for (const key of unknownEmailKeys)
    issues.push({
      file: emailFile(key),
      path: key,
      expected: 'one of the keys imap, smtp',
      found: `'${key}'`,
      hint: 'remove it or fix its spelling',
    });

  checkNotifierSettings(services.notifier, {
    security,
    env,
    issues,
    file: (key) => serviceFiles.notifier?.[key] ?? notifierSettingsFile(key),
  });

  if (environment === 'production') {
    findPlaceholders({ base, services, security }, '', (where, value) =>
      issues.push({
        file: 'configuration',
        path: where,
        expected: 'a real value (set it in the file or through the environment)',
        found: `the placeholder ${value}`,
      }),
    );
  }
  if (issues.length > 0)
    throw new ValidationError('CONFIG.INVALID', issues, `Configuration in ${dir} is invalid`);
  return {
    dir,
    environment,
    base,
    services,
    email,
    security,
    profiles,
    organizations,
    ruleFiles,
    templateDirs,
    documentDirs,
    documents,
  };
}

function findPlaceholders(
  value: unknown,
  where: string,
  report: (where: string, value: string) => void,
): void {
  if (typeof value === 'string' && PLACEHOLDER.test(value.trim())) report(where, value);
  else if (Array.isArray(value)) value.forEach((v, i) => findPlaceholders(v, `${where}[${i}]`, report));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) findPlaceholders(v, where ? `${where}.${k}` : k, report);
  }
}

export function organizationBySlug(config: OrgoConfig, slug: string): OrganizationModel | undefined {
  return config.organizations.find((o) => o.slug === slug);
}

/**
 * The organization a mailbox belongs to: the one whose role owns the address; else the one whose
 * role addresses or holders share the address's domain; else the only organization, when there is
 * exactly one; else none.
 */
export function organizationForAddress(config: OrgoConfig, address: string): OrganizationModel | undefined {
  const wanted = address.trim().toLowerCase();
  const owner = config.organizations.find((o) => o.roles.some((r) => r.addresses.includes(wanted)));
  if (owner) return owner;
  const domain = wanted.split('@')[1];
  if (domain) {
    const byDomain = config.organizations.filter((o) =>
      [...o.roles.flatMap((r) => r.addresses), ...o.positions.flatMap((p) => p.holders)].some((a) =>
        a.endsWith(`@${domain}`),
      ),
    );
    if (byDomain.length === 1) return byDomain[0];
  }
  return config.organizations.length === 1 ? config.organizations[0] : undefined;
}
