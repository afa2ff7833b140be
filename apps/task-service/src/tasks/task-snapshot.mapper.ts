import type { TaskSnapshotV1, TaskTimelineEntryV1 } from '@orgo/contracts';

import type { TaskEventEntity } from './entities/task-event.entity';
import type { TaskLinksOf } from './entities/task-links';
import type { TaskEntity } from './entities/task.entity';

/**
 * The task as the API and task events show it (SPEC §4), with its merge and split links
 * (`loadTaskLinks`). A task split off another shows the original's source mail.
 */
export function toTaskSnapshot(task: TaskEntity, linked: TaskLinksOf): TaskSnapshotV1 {
  return {
    id: task.id,
    key: task.key,
    organization: task.organization,
    type: task.type,
    subtype: task.subtype,
    category: task.category,
    subcategory: task.subcategory,
    label: task.label,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    severity: task.severity,
    assignee: { position: task.assigneePosition, person: task.assigneePerson },
    suggested_position: task.suggestedPosition ?? null,
    reporter: task.reporter,
    sensitive: task.sensitive,
    visibility: task.visibility,
    tags: task.tags,
    metadata: task.metadata,
    escalation: {
      level: task.escalationLevel,
      chain: task.escalationChain,
      reactivity_ms: task.reactivityMs,
      next_due_at: task.nextDueAt,
      warn_at: task.warnAt ?? null,
      paused_remaining_ms: task.pausedRemainingMs ?? null,
      calendar: task.calendar ?? null,
    },
    broadcast: task.broadcast ?? null,
    source: { organization: task.sourceOrganization ?? null, email_id: task.sourceEmailId ?? linked.splitSourceEmailId, mailbox: task.sourceMailbox, message_id: task.sourceMessageId, received_at: task.sourceReceivedAt },
    links: { ...linked.links, merged: [...linked.links.merged], split_into: [...linked.links.split_into] },
    attachments: (linked.attachments ?? []).map((a) => ({ ...a })),
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    version: task.version,
  };
}

export function toTimelineEntry(event: TaskEventEntity): TaskTimelineEntryV1 {
  return { id: event.id, type: event.type, at: event.at, actor: event.actor, data: event.data };
}
