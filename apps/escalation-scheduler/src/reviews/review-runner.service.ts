import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import {
  type Envelope,
  type ReviewCompletedV1,
  type ReviewPatternOutcomeV1,
  type ReviewPatternV1,
  type ReviewPeriodKind,
  type ReviewRunV1,
  ROUTING_KEYS,
  type TaskInvestigateCommandV1,
  type TaskInvestigationJoinCommandV1,
  createEnvelope,
} from '@orgo/contracts';
import {
  OrganizationDirectory,
  type OrganizationModel,
  OrgoError,
  isTerminal,
  type TaskStatus,
} from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import {
  type ReviewCase,
  buildReviewReport,
  lastCompletedPeriod,
  renderReviewHtml,
  reviewCaseOf,
  reviewSubject,
} from '@orgo/reviews';
import {
  type Clock,
  CLOCK,
  LOGGER,
  SERVICE_CONTEXT,
  type ServiceContext,
  ServiceRuntime,
} from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { ReviewClusterEntity } from './review-cluster.entity';
import { ReviewRunEntity } from './review-run.entity';
import { toReviewRun } from './review-run.mapper';

const ACTOR = 'escalation-scheduler';

export interface ReviewRequest {
  organization: string;
  kind: ReviewPeriodKind;
  /** The review covers the period of `kind` that ends last at or before this moment. */
  at: Date;
  trigger: 'schedule' | 'manual';
  actor: string;
}

/**
 * Runs one review (SPEC §6 "Reviews and patterns"): the organization's cases as this service
 * follows them (`tracked_tasks`, the newest snapshot of every task), the report of `@orgo/reviews`
 * as of the period's end (the same data gives the same report), stored with its HTML; each pattern
 * acts by the organization's automation level — automatic opens an investigation, assisted proposes
 * one for a person to confirm, manual only reports it — once per cluster while its investigation is
 * open (new cases join it). The commands and `review.completed` (the report mail, the audit entry)
 * leave through the outbox in the run's transaction. A scheduled run of a period is stored once
 * (`schedule_key`): a replica that finds it already there does nothing.
 */
@Injectable()
export class ReviewRunnerService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  organizationModel(slug: string): OrganizationModel {
    const model = this.context.config.organizations.find((o) => o.slug === slug);
    if (!model) {
      throw new OrgoError(
        'ORGANIZATION.NOT_FOUND',
        `No organization '${slug}'; check the slug (the folder under organizations/)`,
        { organization: slug },
      );
    }
    return model;
  }

  /** The scheduled run's key of a period: one run per organization, period kind and start. */
  static scheduleKey(organization: string, kind: ReviewPeriodKind, start: string): string {
    return `${organization}|${kind}|${start}`;
  }

  /** Runs and stores the review; answers the stored run (an existing one when another replica ran the scheduled period first). */
  async run(request: ReviewRequest): Promise<ReviewRunV1> {
    const model = this.organizationModel(request.organization);
    const period = lastCompletedPeriod(request.kind, request.at, model.timezone);
    const asOf = period.end;
    const { cases, homes } = await this.casesOf(model.slug, asOf);
    const directory = new OrganizationDirectory(model);
    // The head of the position a case was first given (its chain's first step), wherever it has escalated since.
    const responsibleOf = (c: ReviewCase) => responsibleHead(directory, homes.get(c.id) ?? c.position);
    const report = buildReviewReport({
      organization: model.slug,
      timezone: model.timezone,
      period,
      asOf,
      cases: cases.filter((c) => c.type !== 'investigation'),
      investigations: cases.filter((c) => c.type === 'investigation'),
      sensitivity: model.parameters.pattern_sensitivity,
      responsibleOf,
    });
    const html = renderReviewHtml(report, { organizationName: model.name });
    const scheduleKey =
      request.trigger === 'schedule'
        ? ReviewRunnerService.scheduleKey(model.slug, request.kind, period.start)
        : null;

    const stored = await this.tx.run(async (manager) => {
      const run = manager.create(ReviewRunEntity, {
        id: randomUUID(),
        organization: model.slug,
        period: request.kind,
        periodStart: period.start,
        periodEnd: period.end,
        asOf,
        trigger: request.trigger,
        actor: request.actor,
        scheduleKey,
        report: JSON.stringify(report),
        html,
        outcomes: '[]',
        createdAt: this.clock().toISOString(),
      });
      await manager.createQueryBuilder().insert().into(ReviewRunEntity).values(run).orIgnore().execute();
      const mine = await manager.findOne(ReviewRunEntity, { where: { id: run.id } });
      if (!mine)
        return {
          run: await manager.findOneOrFail(ReviewRunEntity, {
            where: { scheduleKey: scheduleKey as string },
          }),
          fresh: false,
        };
      const { outcomes, envelopes } = await this.actOnPatterns(manager, model, run, report.patterns, cases);
      run.outcomes = JSON.stringify(outcomes);
      await manager.update(ReviewRunEntity, { id: run.id }, { outcomes: run.outcomes });
      const completed: ReviewCompletedV1 = {
        runId: run.id,
        organization: model.slug,
        period: request.kind,
        periodStart: period.start,
        periodEnd: period.end,
        trigger: request.trigger,
        recipients: reportRecipients(model, report.patterns),
        subject: reviewSubject(report, model.name),
        html,
        report,
        patterns: report.patterns,
        outcomes,
      };
      envelopes.push(
        createEnvelope(ROUTING_KEYS.reviewCompleted, completed, {
          producer: ACTOR,
          organizationId: model.slug,
          correlationId: run.id,
        }),
      );
      await addToOutbox(manager, ...envelopes);
      return { run, fresh: true };
    });
    if (stored.fresh) {
      this.runtime.flushOutbox();
      this.logger.info(
        {
          organization: model.slug,
          period: request.kind,
          start: period.start,
          trigger: request.trigger,
          patterns: report.patterns.length,
          runId: stored.run.id,
        },
        'review stored',
      );
    }
    return toReviewRun(stored.run, true) as ReviewRunV1;
  }

  /** Every case of the organization created before `asOf`, from the snapshots this service keeps, and each one's first position. */
  private async casesOf(
    organization: string,
    asOf: string,
  ): Promise<{ cases: ReviewCase[]; homes: Map<string, string> }> {
    const rows = await this.tx.read((m) =>
      m.find(TrackedTaskEntity, { where: { organization }, order: { taskId: 'ASC' } }),
    );
    const kept = rows.filter((r) => r.snapshot.created_at < asOf);
    const homes = new Map(
      kept.map((r) => [r.taskId, r.snapshot.escalation.chain[0] ?? r.snapshot.assignee.position]),
    );
    return { cases: kept.map((r) => reviewCaseOf(r.snapshot)), homes };
  }

  /** What each pattern does by the automation level, once per cluster while its investigation is open. */
  private async actOnPatterns(
    manager: EntityManager,
    model: OrganizationModel,
    run: ReviewRunEntity,
    patterns: ReviewPatternV1[],
    cases: ReviewCase[],
  ): Promise<{ outcomes: ReviewPatternOutcomeV1[]; envelopes: Envelope[] }> {
    const outcomes: ReviewPatternOutcomeV1[] = [];
    const envelopes: Envelope[] = [];
    const byId = new Map(cases.map((c) => [c.id, c]));
    const now = this.clock().toISOString();
    for (const pattern of patterns) {
      const caseIds = pattern.cases.map((c) => c.id);
      const row = await this.lockCluster(manager, model.slug, pattern.cluster);
      const investigation = row?.investigationId ? byId.get(row.investigationId) : undefined;
      const live =
        row &&
        (row.state === 'open' || row.state === 'proposed') &&
        !(investigation && isTerminal(investigation.status as TaskStatus));
      if (row && live && row.investigationId) {
        const known = new Set(JSON.parse(row.caseIds) as string[]);
        const joining = caseIds.filter((id) => !known.has(id));
        if (joining.length) {
          const join: TaskInvestigationJoinCommandV1 = {
            investigationId: row.investigationId,
            cluster: pattern.cluster,
            caseIds: joining,
            reviewRunId: run.id,
            actor: ACTOR,
          };
          envelopes.push(
            createEnvelope(ROUTING_KEYS.taskInvestigationJoin, join, {
              producer: ACTOR,
              organizationId: model.slug,
              correlationId: run.id,
            }),
          );
          await manager.update(
            ReviewClusterEntity,
            { organization: model.slug, cluster: pattern.cluster },
            { caseIds: JSON.stringify([...known, ...joining]), runId: run.id, updatedAt: now },
          );
        }
        outcomes.push({
          cluster: pattern.cluster,
          outcome: joining.length ? 'joined' : 'already_open',
          investigation_id: row.investigationId,
        });
        continue;
      }
      const automation = model.parameters.automation_level;
      if (automation === 'manual') {
        await this.saveCluster(
          manager,
          {
            organization: model.slug,
            cluster: pattern.cluster,
            state: 'reported',
            investigationId: null,
            caseIds: JSON.stringify(caseIds),
            runId: run.id,
            updatedAt: now,
          },
          !!row,
        );
        outcomes.push({ cluster: pattern.cluster, outcome: 'reported', investigation_id: null });
        continue;
      }
      const taskId = randomUUID();
      const command: TaskInvestigateCommandV1 = {
        taskId,
        cluster: pattern.cluster,
        mode: automation === 'automatic' ? 'open' : 'propose',
        routeTo: pattern.responsible,
        caseType: pattern.type,
        caseSubtype: pattern.subtype,
        title: investigationTitle(pattern),
        description: investigationDescription(pattern, run),
        shared: pattern.shared,
        caseIds,
        reviewRunId: run.id,
        actor: ACTOR,
      };
      envelopes.push(
        createEnvelope(ROUTING_KEYS.taskInvestigate, command, {
          producer: ACTOR,
          organizationId: model.slug,
          correlationId: run.id,
        }),
      );
      const state = automation === 'automatic' ? 'open' : 'proposed';
      await this.saveCluster(
        manager,
        {
          organization: model.slug,
          cluster: pattern.cluster,
          state,
          investigationId: taskId,
          caseIds: JSON.stringify(caseIds),
          runId: run.id,
          updatedAt: now,
        },
        !!row,
      );
      outcomes.push({
        cluster: pattern.cluster,
        outcome: automation === 'automatic' ? 'opened' : 'proposed',
        investigation_id: taskId,
      });
    }
    return { outcomes, envelopes };
  }

  /** The cluster's row, locked in PostgreSQL (two runs of one organization never decide on it at once). */
  private async lockCluster(
    manager: EntityManager,
    organization: string,
    cluster: string,
  ): Promise<ReviewClusterEntity | null> {
    const query = manager
      .createQueryBuilder(ReviewClusterEntity, 'c')
      .where('c.organization = :organization AND c.cluster = :cluster', { organization, cluster });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    return query.getOne();
  }

  private async saveCluster(
    manager: EntityManager,
    values: ReviewClusterEntity,
    exists: boolean,
  ): Promise<void> {
    if (exists)
      await manager.update(
        ReviewClusterEntity,
        { organization: values.organization, cluster: values.cluster },
        values,
      );
    else
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReviewClusterEntity)
        .values(values)
        .orUpdate(
          ['state', 'investigation_id', 'case_ids', 'run_id', 'updated_at'],
          ['organization', 'cluster'],
        )
        .execute();
  }
}

/**
 * The head responsible for a case's position (SPEC §6: "routed to the responsible head"): the first
 * department head (levels 11–99) up its chain, else the top of the chain, else the head of the organization.
 */
export function responsibleHead(directory: OrganizationDirectory, position: string): string {
  const chain = directory.chainOf(position);
  const head = chain.find((p) => {
    const level = directory.position(p)?.level ?? Number.NaN;
    return level >= 11 && level <= 99;
  });
  return head ?? chain[chain.length - 1] ?? '1';
}

/** Leadership (levels 1–9) and the heads responsible for the report's patterns. */
function reportRecipients(model: OrganizationModel, patterns: ReviewPatternV1[]): string[] {
  const leadership = model.positions.filter((p) => p.level >= 1 && p.level <= 9).map((p) => p.id);
  return [...new Set([...leadership, ...patterns.map((p) => p.responsible)])].sort();
}

function investigationTitle(pattern: ReviewPatternV1): string {
  const what = [pattern.type, pattern.subtype].filter(Boolean).join('/');
  return `Investigate: ${pattern.cases.length} similar ${what} cases (${pattern.shared.join(', ')}) in ${pattern.threshold.window}`;
}

function investigationDescription(pattern: ReviewPatternV1, run: ReviewRunEntity): string {
  const lines = pattern.cases.map(
    (c) => `- ${c.key} (${c.created_at.slice(0, 10)})${c.title ? `: ${c.title}` : ''}`,
  );
  return [
    `The ${run.period} review of ${run.periodStart.slice(0, 10)} – ${run.periodEnd.slice(0, 10)} found ${pattern.cases.length} similar cases`,
    `sharing ${pattern.shared.join(', ')}: the threshold of ${pattern.threshold.count} in ${pattern.threshold.window} was reached on ${pattern.crossed_at.slice(0, 10)}.`,
    '',
    ...lines,
  ].join('\n');
}
