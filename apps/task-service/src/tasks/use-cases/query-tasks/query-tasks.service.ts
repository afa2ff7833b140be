import { Injectable } from '@nestjs/common';
import type {
  TaskAttachmentLocationV1,
  TaskAttachmentQueryV1,
  TaskEventsResultV1,
  TaskGetQueryV1,
  TaskListQueryV1,
  TaskListResultV1,
  TaskSnapshotV1,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { Brackets } from 'typeorm';

import { TaskAttachmentEntity } from '../../entities/task-attachment.entity';
import { TaskEventEntity } from '../../entities/task-event.entity';
import { UNLINKED, linksOf, loadTaskLinks, toTaskAttachment } from '../../entities/task-links';
import { TaskEntity } from '../../entities/task.entity';
import { toTaskSnapshot, toTimelineEntry } from '../../task-snapshot.mapper';
import { DirectoryRegistry } from '../../../directory/directory.registry';
import { findVisibleTask } from './find-visible-task';
import { restrictToHeldPositions } from './held-positions';
import { searchTasks } from './task-text-search';
import { TaskVisibility } from './task-visibility';

const PRIORITY_RANK = "CASE task.priority WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END";

/** Reads for the API: filtered (full-text search included), sorted, paginated task lists; one task; its timeline. */
@Injectable()
export class QueryTasksService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly visibility: TaskVisibility,
    private readonly directories: DirectoryRegistry,
  ) {}

  list(query: TaskListQueryV1): Promise<TaskListResultV1> {
    return this.tx.read(async (manager) => {
      const qb = manager.getRepository(TaskEntity).createQueryBuilder('task');
      if (query.scope !== null) {
        if (query.scope.length === 0) return { items: [], total: 0, limit: query.limit, offset: query.offset };
        qb.andWhere('task.organization IN (:...scope)', { scope: query.scope });
      }
      this.visibility.restrict(qb, query.viewer, query.scope);
      if (query.organization) qb.andWhere('task.organization = :organization', { organization: query.organization });
      if (query.status) qb.andWhere('task.status IN (:...statuses)', { statuses: query.status.split(',') });
      if (query.type) qb.andWhere('task.type = :type', { type: query.type });
      if (query.priority) qb.andWhere('task.priority IN (:...priorities)', { priorities: query.priority.split(',') });
      if (query.assignee) qb.andWhere('task.assignee_position = :assignee', { assignee: query.assignee });
      if (query.label) {
        qb.andWhere(
          new Brackets((w) =>
            w.where('task.label = :label', { label: query.label }).orWhere('task.label LIKE :labelPrefix', {
              labelPrefix: `${query.label!.replace(/[%_]/g, '')}%`,
            }),
          ),
        );
      }
      if (query.holder) restrictToHeldPositions(qb, this.directories, query.holder, query.scope);
      if (query.created_after) qb.andWhere('task.created_at >= :after', { after: new Date(query.created_after).toISOString() });
      if (query.created_before) qb.andWhere('task.created_at < :before', { before: new Date(query.created_before).toISOString() });
      if (query.text) searchTasks(qb, query.text, query.sort === undefined);
      const sort = query.sort ?? '-created_at';
      const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
      const field = sort.replace(/^-/, '');
      if (field === 'priority') qb.addOrderBy(PRIORITY_RANK, direction);
      else qb.addOrderBy(`task.${field}`, direction);
      qb.addOrderBy('task.id', 'ASC');
      // offset/limit, not skip/take: the search's join is one row per task, no distinct pass needed.
      const [rows, total] = await qb.offset(query.offset).limit(query.limit).getManyAndCount();
      const links = await loadTaskLinks(manager, rows.map((r) => r.id));
      return { items: rows.map((r) => toTaskSnapshot(r, links.get(r.id) ?? UNLINKED)), total, limit: query.limit, offset: query.offset };
    });
  }

  get(query: TaskGetQueryV1): Promise<TaskSnapshotV1> {
    return this.tx.read(async (manager) => {
      const task = await findVisibleTask(manager, query.id, query.scope, this.visibility.check(query.viewer));
      return toTaskSnapshot(task, await linksOf(manager, task.id));
    });
  }

  /**
   * One attachment of a task the caller may see, and where its bytes are (`rpc.task.attachment`):
   * the same scope and visibility as `get`; a task not visible and an attachment not of the task are
   * both `TASK.NOT_FOUND` / `ATTACHMENT.NOT_FOUND` (nothing disclosed).
   */
  attachment(query: TaskAttachmentQueryV1): Promise<TaskAttachmentLocationV1> {
    return this.tx.read(async (manager) => {
      const task = await findVisibleTask(manager, query.id, query.scope, this.visibility.check(query.viewer));
      const row = await manager.findOne(TaskAttachmentEntity, { where: { id: String(query.attachmentId ?? ''), taskId: task.id } });
      if (!row) throw new OrgoError('ATTACHMENT.NOT_FOUND', `Task '${task.id}' has no attachment '${String(query.attachmentId).slice(0, 36)}'`);
      return { attachment: toTaskAttachment(row), organization: task.organization, emailId: task.sourceEmailId };
    });
  }

  events(query: TaskGetQueryV1): Promise<TaskEventsResultV1> {
    return this.tx.read(async (manager) => {
      const task = await findVisibleTask(manager, query.id, query.scope, this.visibility.check(query.viewer));
      const rows = await manager.find(TaskEventEntity, { where: { taskId: task.id }, order: { seq: 'ASC' } });
      return { items: rows.map(toTimelineEntry), total: rows.length };
    });
  }
}
