import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskCreateCommandV1 } from '@orgo/contracts';
import { CLOCK_STOPPED, assignmentTo, clockStarted, formatTaskKey, planTask, positionClock, splitRouteTarget, taskKeyPrefix, waitingPosition } from '@orgo/domain';
import { insertRows } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { drawKeyNumber } from '../../entities/draw-key-number';
import { TaskAttachmentEntity } from '../../entities/task-attachment.entity';
import { type TaskLinksOf, UNLINKED, toTaskAttachment } from '../../entities/task-links';
import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline } from '../../task-timeline';
import { type NewTaskAttachment, emailAttachments, ruleDocuments } from './new-task-attachments';

/** What a new task is made from: a routed email's command, or a manual task's request. */
export interface NewTask {
  /** The organization the task is created in. */
  organization: string;
  /** The organization the email arrived in, when a rule routed it to another one; else null. */
  from: string | null;
  action: TaskCreateCommandV1['action'];
  /** The role address the email arrived on ('' for none): its role's entry routes when no rule target does. */
  mailbox: string;
  /** A rule target that could not be followed, reported on the `routed` entry. */
  problem: string | null;
  title: string;
  description: string;
  /** Already a pseudonym for a sensitive report. */
  reporter: string;
  matchedRules: string[];
  defaults: TaskCreateCommandV1['defaults'];
  source: { emailId: string | null; mailbox: string | null; messageId: string | null; receivedAt: string | null };
  /** Data of the `created` entry besides the title. */
  created: Record<string, unknown>;
  /** The `routed` entry's actor: `rule-engine`, or the person who created the task. */
  routedBy: string;
  /** The links the task is born with (a split's `split_from` and source mail), for the snapshots of its first entries; none by default. */
  linked?: TaskLinksOf;
  /** The task's id when the producer chose it (a repeated command then finds the task); else a new one. */
  id?: string;
  /** Wait in triage with the planned route as suggestion until a person confirms, whatever the automation level (a proposed investigation). */
  awaitConfirmation?: boolean;
  /** The task's files: the mail's allowed attachments, then the rules' documents (`attach`); none by default. */
  attachments?: NewTaskAttachment[];
}

/** Creates the task for a routed email (or a manual task): position, label, chain, reactivity, key, timeline. */
@Injectable()
export class CreateTaskService {
  constructor(
    private readonly directories: DirectoryRegistry,
    private readonly timeline: TaskTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  async execute(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const command = envelope.payload as TaskCreateCommandV1;
    if (await manager.exists(TaskEntity, { where: { sourceEmailId: command.emailId } })) return 'skipped';
    const { slug, from, action, mailbox, problem } = this.destination(envelope.organizationId as string, command);
    await this.create(
      manager,
      {
        organization: slug,
        from,
        action,
        mailbox,
        problem,
        title: command.title,
        description: command.description,
        reporter: command.reporter,
        matchedRules: command.matchedRules,
        defaults: command.defaults,
        source: { emailId: command.emailId, mailbox: command.mailbox, messageId: command.messageId, receivedAt: command.receivedAt },
        created: { mailbox: command.mailbox, email_id: command.emailId, ...(command.acknowledgement ? { acknowledgement: command.acknowledgement } : {}) },
        routedBy: 'rule-engine',
        attachments: [...emailAttachments(command.attachments), ...ruleDocuments(this.context.config, envelope.organizationId as string, command.action.attach)],
      },
      envelope,
    );
    return 'processed';
  }

  /**
   * Plans, labels, routes and clocks a new task and records its `created` and `routed` entries (one
   * path for a routed email and a manual task from the API), in the caller's transaction.
   */
  async create(manager: EntityManager, input: NewTask, cause: Pick<Envelope, 'id' | 'correlationId'> | null): Promise<TaskEntity> {
    const { organization: slug, from, action, mailbox, problem } = input;
    const { model, directory } = this.directories.get(slug);
    const plan = planTask(action, mailbox, input.defaults, model, directory);
    const { route, category, subcategory, priority, chain, level, crisis, severe, reactivity } = plan;
    // SPEC §6 automation level manual: the task waits in triage with its suggested route until a
    // person confirms it (PATCH assignee); no escalation clock runs until then. A broadcast goes out at once.
    const waiting = plan.broadcast ? null : waitingPosition(model, plan, { always: input.awaitConfirmation === true });
    const assigned = waiting ?? plan.position;
    const label = waiting ? (assignmentTo(waiting, plan, model, directory)?.label ?? plan.label) : plan.label;
    const now = this.clock();
    // SPEC §6: the clock counts in the business time of the assigned position's calendar.
    const clock = waiting ? { ...CLOCK_STOPPED } : clockStarted(now, severe ? 0 : (reactivity?.ms ?? null), positionClock(model, assigned));
    const task = manager.create(TaskEntity, {
      id: input.id ?? randomUUID(),
      key: await this.nextKey(manager, slug, model.name),
      organization: slug,
      type: plan.type,
      subtype: action.subtype ?? null,
      category,
      subcategory,
      label,
      title: input.title,
      description: input.description,
      status: 'pending',
      priority,
      severity: action.severity ?? null,
      assigneePosition: assigned,
      assigneePerson: null,
      suggestedPosition: waiting ? plan.position : null,
      broadcast: plan.broadcast
        ? { level: plan.broadcast.level, role: plan.broadcast.role, recipients: plan.broadcast.recipients.map((r) => ({ ...r, notification: 'queued' as const })) }
        : null,
      reporter: input.reporter,
      sensitive: action.sensitive ?? false,
      visibility: plan.visibility,
      tags: action.tags ?? [],
      metadata: action.metadata ?? {},
      escalationLevel: level,
      escalationChain: waiting ? [waiting] : chain,
      reactivityMs: reactivity?.ms ?? null,
      ...clock,
      sourceOrganization: from,
      sourceEmailId: input.source.emailId,
      sourceMailbox: input.source.mailbox,
      sourceMessageId: input.source.messageId,
      sourceReceivedAt: input.source.receivedAt,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    });
    await insertRows(manager, TaskEntity, task);
    const files = (input.attachments ?? []).map((a, i) =>
      manager.create(TaskAttachmentEntity, { id: randomUUID(), taskId: task.id, seq: i + 1, ...a, createdAt: now.toISOString() }),
    );
    if (files.length > 0) await insertRows(manager, TaskAttachmentEntity, files);
    const linked: TaskLinksOf = { ...(input.linked ?? UNLINKED), attachments: files.map(toTaskAttachment) };
    await this.timeline.recordNew(
      manager,
      task,
      [
        { type: 'created', actor: input.reporter, data: { title: task.title, ...input.created } },
        {
          type: 'routed',
          actor: input.routedBy,
          data: {
            position: assigned,
            label: task.label,
            via: crisis ? 'crisis' : waiting ? 'awaiting_confirmation' : route.via,
            ...(crisis ? { suggested_position: route.position } : {}),
            ...(waiting ? { suggested_position: plan.position, suggested_via: route.via, automation_level: model.parameters.automation_level } : {}),
            ...(severe && !waiting ? { escalates_at_once: `severity ${action.severity} reaches the threshold ${model.parameters.severity_threshold}` } : {}),
            ...(from ? { from_organization: from } : {}),
            rules: input.matchedRules,
            problem: problem ?? route.problem,
            reactivity: reactivity ? { ms: reactivity.ms, source: reactivity.source } : null,
            calendar: clock.calendar,
            due_at: clock.nextDueAt,
            warn_at: clock.warnAt,
            holders: plan.broadcast ? [...new Set(plan.broadcast.recipients.map((r) => r.person))] : directory.holdersOf(assigned),
            ...(plan.broadcast
              ? { broadcast: { level: plan.broadcast.level, role: plan.broadcast.role, recipients: plan.broadcast.recipients.length }, escalation: 'none: a broadcast task does not escalate by time' }
              : {}),
          },
        },
        ...linked.attachments.map((a) => ({ type: 'attachment_added' as const, actor: a.source === 'rule' ? 'rule-engine' : input.reporter, data: { ...a } })),
      ],
      cause,
      linked,
    );
    this.logger.info({ taskId: task.id, key: task.key, label: task.label, position: assigned, via: route.via, crisis, severe, suggested: waiting ? plan.position : undefined }, 'task created');
    if (problem ?? route.problem) this.logger.warn({ taskId: task.id, problem: problem ?? route.problem }, 'rule target did not resolve; task routed by fallback');
    return task;
  }

  /**
   * Where the task is created (SPEC §3): the email's organization, unless the rule's `route_to` names
   * another loaded organization (`district:11.Ops`) — then that organization, with the target alone
   * (its chain, its key prefix, no mailbox role of its own) and `from` the email's organization.
   */
  private destination(
    origin: string,
    command: TaskCreateCommandV1,
  ): { slug: string; from: string | null; action: TaskCreateCommandV1['action']; mailbox: string; problem: string | null } {
    const named = command.action.route_to ? splitRouteTarget(command.action.route_to) : null;
    if (!named?.organization) return { slug: origin, from: null, action: command.action, mailbox: command.mailbox, problem: null };
    if (!this.directories.find(named.organization)) {
      // The configuration check refuses this at start; a rule file changed while running may still say it.
      const problem = `route_to '${command.action.route_to}' names organization ${named.organization}, which is not loaded; routed in ${origin} by fallback`;
      return { slug: origin, from: null, action: { ...command.action, route_to: undefined }, mailbox: command.mailbox, problem };
    }
    const action = { ...command.action, route_to: named.target };
    if (named.organization === origin) return { slug: origin, from: null, action, mailbox: command.mailbox, problem: null };
    return { slug: named.organization, from: origin, action, mailbox: '', problem: null };
  }

  private async nextKey(manager: EntityManager, slug: string, name: string): Promise<string> {
    return formatTaskKey(taskKeyPrefix(slug, name), await drawKeyNumber(manager, slug));
  }
}
