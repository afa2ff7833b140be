import { Inject, Injectable } from '@nestjs/common';
import { type Envelope, ROUTING_KEYS, type TaskReplyCommandV1 } from '@orgo/contracts';
import { type ReplyIntent, type TaskStatus, etaAt, isTerminal, readReplyIntent } from '@orgo/domain';
import { isPseudonym } from '@orgo/privacy';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline, type TimelineEntryInput } from '../../task-timeline';
import { CreateTaskService } from '../create-task/create-task.service';
import { EscalateTaskService } from '../escalate-task/escalate-task.service';
import { changeStatus } from '../transition-task/change-status';
import { setEta } from '../transition-task/set-eta';
import { findRepliedTask } from './find-replied-task';
import { followMerges } from './follow-merges';

/** Who a sensitive task's reporter is on its timeline when they answer, for tasks from before pseudonyms. */
const SENSITIVE_REPORTER = 'reporter';

/**
 * The reply as this task records it: under the sender's pseudonym (scrubbed) when the task is that
 * pseudonym's own sensitive report — or a sensitive report of theirs was merged into it, the reply
 * reaching it through that duplicate — else as sent, so a pseudonym never appears beside its
 * sender's address on another task (SPEC §6 Privacy).
 */
function asTaskSees(reporters: string[], command: TaskReplyCommandV1): TaskReplyCommandV1 {
  const own = command.asReporter && reporters.includes(command.asReporter.from.toLowerCase());
  return own && command.asReporter ? { ...command, ...command.asReporter } : command;
}

/** The sensitive reporters a reply to the task may come from: its own, and those of the duplicates it came through. */
function sensitiveReporters(task: TaskEntity, via: TaskEntity[]): string[] {
  return [task, ...via].filter((t) => t.sensitive).map((t) => t.reporter.toLowerCase());
}

/**
 * Turns an email that answers a task into an update of that task (SPEC §6 "Replies"): `accept` /
 * `on it` takes it (in_progress), `done` / `resolved` / `fixed` completes it, `escalate` moves it
 * up its chain, `ETA: …` sets an ETA, anything else is a comment. Every reply is recorded on the
 * timeline (`reply_received`, audited); a reply from someone who may not act on the task, an
 * automatic reply, or a command the task's status does not allow changes nothing. An email whose
 * task cannot be found becomes a new task through the routing decision it carries.
 */
@Injectable()
export class ApplyReplyService {
  constructor(
    private readonly directories: DirectoryRegistry,
    private readonly timeline: TaskTimeline,
    private readonly create: CreateTaskService,
    private readonly escalate: EscalateTaskService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const delivered = envelope.payload as TaskReplyCommandV1;
    const organization = envelope.organizationId as string;
    const answered = await findRepliedTask(manager, organization, delivered);
    if (!answered) {
      return this.create.execute({ ...envelope, type: ROUTING_KEYS.taskCreate, payload: delivered.fallback }, manager);
    }
    // SPEC §6 Mail hygiene: a reply to a merged duplicate (its notifications, its source mail) acts on the task it was merged into.
    const { task, via } = await followMerges(manager, answered);
    if (await this.alreadyRecorded(manager, task, delivered.emailId)) return 'skipped';
    const reporters = sensitiveReporters(task, via);
    const command = asTaskSees(reporters, delivered);

    const intent = readReplyIntent(command.text);
    const refusal = this.refusal(task, command, intent);
    // SPEC §6 Privacy: the reporter of a sensitive task is never named on its timeline. Their reply
    // comes from the rule-engine under their pseudonym, its text scrubbed, and keeps it; a task from
    // before pseudonyms (its reporter an address) neither names nor quotes them.
    const fromReporter = reporters.includes(command.from.toLowerCase());
    const anonymous = fromReporter && !isPseudonym(command.from);
    const received: TimelineEntryInput = {
      type: 'reply_received',
      actor: anonymous ? SENSITIVE_REPORTER : command.from,
      data: {
        email_id: command.emailId,
        message_id: command.messageId,
        action: intent.action,
        eta: intent.eta?.text ?? null,
        text: anonymous ? null : intent.text,
        applied: refusal === null,
        reason: refusal,
        ...(via.length > 0 ? { merged_from: { task_id: via[0].id, key: via[0].key } } : {}),
      },
    };
    if (refusal) {
      await this.timeline.record(manager, task, [received], envelope);
      this.logger.info({ taskId: task.id, key: task.key, emailId: command.emailId, reason: refusal }, 'reply recorded, not applied');
      return 'processed';
    }

    const now = this.clock();
    const effects: TimelineEntryInput[] = [];
    if (intent.eta) {
      effects.push(setEta(task, { text: intent.eta.text, at: etaAt(intent.eta.text, now) }, command.from));
    }
    if (intent.action === 'comment' && intent.text) {
      effects.push({ type: 'commented', actor: command.from, data: { text: intent.text, via: 'email' } });
    }
    if (intent.action === 'accept' && task.status !== 'in_progress') {
      effects.push(changeStatus(task, 'in_progress', command.from, 'accepted by email reply', now, this.directories.clockOf(task)));
      task.assigneePerson = command.from;
    } else if (intent.action === 'complete') {
      effects.push(changeStatus(task, 'completed', command.from, 'completed by email reply', now, this.directories.clockOf(task)));
    } else if (effects.length > 0) {
      task.updatedAt = now.toISOString();
      task.version++;
    }
    await manager.save(TaskEntity, task);
    await this.timeline.record(manager, task, [received, ...effects], envelope);
    if (intent.action === 'escalate') {
      await this.escalate.escalateNow(manager, envelope, { taskId: task.id, expectedLevel: task.escalationLevel, reason: 'reply', actor: command.from });
    }
    this.logger.info({ taskId: task.id, key: task.key, emailId: command.emailId, action: intent.action }, 'reply applied');
    return 'processed';
  }

  /** Why the reply must not act on the task, or null when it may. */
  private refusal(task: TaskEntity, command: TaskReplyCommandV1, intent: ReplyIntent): string | null {
    if (command.automatic) return 'automatic reply (auto-submitted or bulk): recorded, never acted on';
    if (!this.mayAct(task, command.from)) return "the sender holds no position in this task's escalation chain";
    const status = task.status as TaskStatus;
    if (isTerminal(status) && intent.action !== 'comment') return `the task is ${status}; a ${intent.action} reply cannot change it`;
    if (intent.action === 'complete' && status === 'on_hold') return 'the task is on hold; resume it before completing it';
    return null;
  }

  /** The holders of every position on the task's chain may act on it: its assignee and those above. */
  private mayAct(task: TaskEntity, sender: string): boolean {
    const { directory } = this.directories.get(task.organization);
    const address = sender.toLowerCase();
    return task.escalationChain.some((position) => directory.holdersOf(position).some((h) => h.toLowerCase() === address));
  }

  private async alreadyRecorded(manager: EntityManager, task: TaskEntity, emailId: string): Promise<boolean> {
    const events = await this.timeline.entriesOf(manager, task.id, 'reply_received');
    return events.some((e) => (e.data as { email_id?: string }).email_id === emailId);
  }
}
