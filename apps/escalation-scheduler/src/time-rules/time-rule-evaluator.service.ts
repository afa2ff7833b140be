import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Envelope, ROUTING_KEYS, type TaskSnapshotV1, type TaskTimeRuleCommandV1, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { type CompiledRuleSet, evaluateTimeRules, timeRuleFacts } from '@orgo/rules';
import { type Clock, CLOCK, LOGGER, RuleSetRegistry, SERVICE_CONTEXT, type ServiceContext, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';
import { In, MoreThan, type EntityManager } from 'typeorm';

import { SCHEDULER_SETTINGS, type SchedulerSettings } from '../settings/scheduler-settings';
import { TimeRuleFiringEntity } from './time-rule-firing.entity';
import { TrackedTaskEntity } from './tracked-task.entity';

const PAGE = 500;

/**
 * Time rules (SPEC §5 `on: time`): the organization's time rules are evaluated over its open tasks
 * every `time_rule_interval_ms` (time passing makes `task_unresolved_time` grow) and over one task
 * whenever its snapshot changes. A (task, rule) pair that matches fires once: a row in
 * `time_rule_firings` (its primary key decides between replicas evaluating at the same moment) and
 * `command.task.time_rule` through the outbox, in one transaction. The task-service applies the
 * action (notify, escalate, priority).
 */
@Injectable()
export class TimeRuleEvaluatorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private interval?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly ruleSets: RuleSetRegistry,
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => void this.evaluateAllSoon(), this.settings.timeRuleIntervalMs);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** Starts a pass over every open task unless one is running. */
  evaluateAllSoon(): Promise<unknown> {
    if (this.busy) return this.running;
    this.busy = true;
    this.running = this.evaluateAll()
      .catch((error) => this.logger.error({ err: error }, 'evaluating time rules failed; the next pass tries again'))
      .finally(() => (this.busy = false));
    return this.running;
  }

  /** Evaluates every open task of every organization that has time rules; returns how many rules fired. */
  async evaluateAll(): Promise<number> {
    let fired = 0;
    for (const organization of this.context.config.organizations) {
      const set = this.ruleSetOf(organization.slug);
      if (!set?.timeRules.length) continue;
      for (let after = ''; ; ) {
        const page = await this.tx.read((m) =>
          m.find(TrackedTaskEntity, { where: { organization: organization.slug, open: true, taskId: MoreThan(after) }, order: { taskId: 'ASC' }, take: PAGE }),
        );
        if (page.length === 0) break;
        fired += await this.tx.run((m) => this.fire(m, set, page.map((t) => t.snapshot)));
        after = page[page.length - 1].taskId;
        if (page.length < PAGE) break;
      }
    }
    if (fired > 0) {
      this.runtime.flushOutbox();
      this.logger.info({ fired }, 'time rules fired');
    }
    return fired;
  }

  /** Evaluates one task whose snapshot just changed, in the caller's transaction (the event's). */
  async evaluateTask(manager: EntityManager, task: TaskSnapshotV1): Promise<number> {
    const set = this.ruleSetOf(task.organization);
    if (!set?.timeRules.length) return 0;
    return this.fire(manager, set, [task]);
  }

  /** Records and sends each (task, rule) match that has not fired yet; returns how many fired. */
  private async fire(manager: EntityManager, set: CompiledRuleSet, tasks: TaskSnapshotV1[]): Promise<number> {
    const now = this.clock();
    const type = this.context.config.organizations.find((o) => o.slug === set.organization)?.type ?? '';
    const matches = tasks.flatMap((task) =>
      evaluateTimeRules(set, timeRuleFacts(task as unknown as Record<string, unknown> & TaskSnapshotV1, type, now)).map((m) => ({ task, ...m })),
    );
    if (matches.length === 0) return 0;
    const seen = await manager.find(TimeRuleFiringEntity, { where: { taskId: In([...new Set(matches.map((m) => m.task.id))]) }, select: ['taskId', 'rule'] });
    const done = new Set(seen.map((f) => `${f.taskId}\u0000${f.rule}`));
    const fresh = matches.filter((m) => !done.has(`${m.task.id}\u0000${m.rule}`));
    if (fresh.length === 0) return 0;
    // Another replica may evaluate the same tasks at this moment: the primary key lets one insert
    // each pair; the rows carrying this evaluation's claim are the ones it fires.
    const claim = randomUUID();
    const at = now.toISOString();
    await manager
      .createQueryBuilder()
      .insert()
      .into(TimeRuleFiringEntity)
      .values(fresh.map((m) => ({ taskId: m.task.id, rule: m.rule, organization: m.task.organization, claim, firedAt: at })))
      .orIgnore()
      .execute();
    const mine = await manager.find(TimeRuleFiringEntity, { where: { taskId: In([...new Set(fresh.map((m) => m.task.id))]), claim }, select: ['taskId', 'rule'] });
    const won = new Set(mine.map((f) => `${f.taskId}\u0000${f.rule}`));
    const envelopes: Envelope[] = fresh
      .filter((m) => won.has(`${m.task.id}\u0000${m.rule}`))
      .map((m) => {
        const command: TaskTimeRuleCommandV1 = {
          taskId: m.task.id,
          rule: m.rule,
          condition: m.condition,
          action: {
            ...(m.action.notify ? { notify: m.action.notify } : {}),
            ...(m.action.escalate ? { escalate: true } : {}),
            ...(m.action.priority ? { priority: m.action.priority } : {}),
          },
          expectedLevel: m.task.escalation.level,
          firedAt: at,
          actor: 'escalation-scheduler',
        };
        return createEnvelope(ROUTING_KEYS.taskTimeRule, command, { producer: 'escalation-scheduler', organizationId: m.task.organization, correlationId: m.task.id });
      });
    await addToOutbox(manager, ...envelopes);
    return envelopes.length;
  }

  private ruleSetOf(organization: string): CompiledRuleSet | undefined {
    try {
      return this.ruleSets.forOrganization(organization);
    } catch {
      return undefined;
    }
  }
}
