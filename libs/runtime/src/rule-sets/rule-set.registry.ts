import { Inject, Injectable, Optional } from '@nestjs/common';
import { type RuleFilesState, ruleSetSource } from '@orgo/cache';
import { readRuleFiles, ruleFilePaths, ruleFolders } from '@orgo/config';
import { ROUTING_KEYS, type RulesRejectedV1, type RulesReloadedV1, createEnvelope } from '@orgo/contracts';
import { OrgoError, ValidationError, type ValidationIssue, formatIssue } from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import type { CompiledRuleSet, RuleSetModel } from '@orgo/rules';

import { CachedOrganizationModels } from '../cached-models';
import { SERVICE_CONTEXT, type ServiceContext } from '../service-context';
import { type ServiceHealthDetail, serviceHealth } from '../service-health';
import { ServiceRuntime } from '../service-runtime';

import { RuleFileWatcher } from './rule-file.watcher';
import { ruleReloadMetrics } from './rule-reload.metrics';

/** What /health/ready says about an organization's rules. */
export interface RuleSetStatus {
  /** `current`: the rule files in use are this replica's; `stale`: its changed files are invalid, the last good rules serve. */
  status: 'current' | 'stale';
  /** Content hash of the rule files in use (the shared cache's key). */
  hash: string;
  /** Hash of the compiled rule set in use, as routing decisions record it. */
  ruleSetHash: string;
  /** Stale only: the content hash of the rejected files and every problem in them. */
  rejected?: string;
  problems?: ValidationIssue[];
}

/** How a service uses the rule sets. */
export interface RuleSetRegistryOptions {
  /**
   * Whether this service tells reload outcomes on the bus (`rules.reloaded`, `rules.rejected`) and
   * raises the error listing the problems of refused files. The rule-engine does; another reader of
   * the same files (the escalation-scheduler, for time rules) follows the same reloads without
   * announcing or alerting a second time (it logs a warning that names no problems).
   */
  tellOutcomes: boolean;
}

/** Provider token of `RuleSetRegistryOptions` (optional: by default the outcomes are told). */
export const RULE_SET_REGISTRY_OPTIONS = Symbol('RULE_SET_REGISTRY_OPTIONS');

/**
 * The compiled rule set of each organization, loaded before the service consumes: from the shared
 * cache when a replica already validated the same rule files (only the conditions are compiled
 * here), else validated and compiled from the files. A rule file that does not validate stops the
 * start with every problem listed (the launcher checks before booting).
 *
 * While running, a watcher re-reads the rule files when they change: valid files are compiled and
 * swapped in (a message being evaluated keeps the set it started with), stored in the shared cache
 * and announced, so every replica moves to them within seconds (`docs/adr/0004-shared-cache.md`).
 * Invalid files are refused: the last good rules keep serving, the problems are logged (an error,
 * once per content), counted, and shown in /health/ready as `rules.<org>.status: stale` until a
 * valid edit replaces them. Both outcomes are told on the bus (`rules.reloaded`, `rules.rejected`:
 * the standalone console prints them, the audit log keeps them).
 */
@Injectable()
export class RuleSetRegistry extends CachedOrganizationModels<RuleSetModel, CompiledRuleSet> {
  /** The rule files as last read (at start, then by the watcher): what the cache source hashes and builds. */
  private readonly current: { files: RuleFilesState };
  private readonly rejected = new Map<string, { hash: string; problems: ValidationIssue[] }>();
  private watcher?: RuleFileWatcher;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Optional() @Inject(RULE_SET_REGISTRY_OPTIONS) private readonly options: RuleSetRegistryOptions = { tellOutcomes: true },
  ) {
    const current = { files: { files: context.config.ruleFiles, problems: [] } as RuleFilesState };
    super(context, ruleSetSource(context.config, () => current.files));
    this.current = current;
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    const { dir } = this.context.config;
    const organizations = this.organizations();
    this.watcher = new RuleFileWatcher({
      dir,
      folders: ruleFolders(dir, organizations),
      files: () => ruleFilePaths(dir, organizations),
      onChange: () => this.reread(),
      onError: (error) => this.context.logger.warn({ err: error }, 'watching the rule files failed; the periodic check still runs'),
    });
    this.watcher.start();
    serviceHealth.register(this.context.service, () => this.health());
  }

  override async onModuleDestroy(): Promise<void> {
    serviceHealth.unregister(this.context.service);
    await this.watcher?.stop();
    await super.onModuleDestroy();
  }

  forOrganization(slug: string): CompiledRuleSet {
    return this.valueOf(slug, () => new OrgoError('RULES.UNKNOWN_ORGANIZATION', `No rule set for organization '${slug}'`, { retryable: false }));
  }

  /** Each organization's rules, for /health/ready: in use, or stale with the problems of the refused files. */
  status(): Record<string, RuleSetStatus> {
    return Object.fromEntries(
      this.organizations().map((organization) => {
        const rejected = this.rejected.get(organization);
        const status: RuleSetStatus = {
          status: rejected ? 'stale' : 'current',
          hash: this.models.hashOf(organization) ?? '',
          ruleSetHash: this.models.get(organization)?.hash ?? '',
          ...(rejected ? { rejected: rejected.hash, problems: rejected.problems } : {}),
        };
        return [organization, status];
      }),
    );
  }

  /** Reads the rule files again and reloads each organization whose files changed. */
  async reread(): Promise<void> {
    const { dir } = this.context.config;
    const problems: ValidationIssue[] = [];
    const files = readRuleFiles(dir, this.organizations(), problems);
    this.current.files = { files, problems };
    for (const organization of this.organizations()) {
      const previousHash = this.models.hashOf(organization) ?? null;
      const outcome = await this.models.reload(organization);
      if (outcome.status === 'unchanged') continue;
      const { service, logger } = this.context;
      ruleReloadMetrics.reloads.inc({ service, organization, outcome: outcome.status });
      if (outcome.status === 'reloaded') {
        const cleared = this.rejected.delete(organization);
        ruleReloadMetrics.stale.set({ service, organization }, 0);
        const ruleSetHash = this.models.get(organization)?.hash ?? '';
        serviceHealth.changed(service);
        logger.info({ organization, hash: outcome.hash, ruleSetHash, previousHash, cleared }, `rules of ${organization} reloaded`);
        await this.tell(ROUTING_KEYS.rulesReloaded, organization, { organization, hash: outcome.hash, ruleSetHash, previousHash, cleared } satisfies RulesReloadedV1);
        continue;
      }
      const problems =
        outcome.error instanceof ValidationError ? outcome.error.issues : [{ path: '', expected: 'rule files that compile', found: String((outcome.error as Error)?.message ?? outcome.error) }];
      this.rejected.set(organization, { hash: outcome.hash, problems });
      ruleReloadMetrics.stale.set({ service, organization }, 1);
      serviceHealth.changed(service);
      if (this.options.tellOutcomes) {
        logger.error(
          { organization, rejected: outcome.hash, inUse: outcome.inUse, problems },
          `rule files of ${organization} changed but are invalid; the rules in use stay until they are fixed:\n${problems.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
        );
      } else {
        // The service that tells outcomes (the rule-engine) raises the alert with every problem; one alert per change.
        logger.warn({ organization, rejected: outcome.hash, inUse: outcome.inUse, problemCount: problems.length }, `changed rules of ${organization} refused here too; the rules in use stay`);
      }
      await this.tell(ROUTING_KEYS.rulesRejected, organization, { organization, hash: outcome.hash, inUse: outcome.inUse ?? null, problems } satisfies RulesRejectedV1);
    }
  }

  /** Publishes a reload's outcome through the outbox; a failure is logged, never thrown (the rules are already in place). */
  private async tell(type: string, organization: string, payload: RulesReloadedV1 | RulesRejectedV1): Promise<void> {
    if (!this.options.tellOutcomes) return;
    try {
      await this.tx.run((manager) => addToOutbox(manager, createEnvelope(type, payload, { producer: this.context.service, organizationId: organization })));
      this.runtime.flushOutbox();
    } catch (error) {
      this.context.logger.warn({ err: error, organization, type }, 'could not publish the rule reload outcome');
    }
  }

  private organizations(): string[] {
    return this.context.config.organizations.map((o) => o.slug);
  }

  private health(): ServiceHealthDetail {
    const rules = this.status();
    return { degraded: Object.values(rules).some((r) => r.status === 'stale'), details: { rules } };
  }
}
