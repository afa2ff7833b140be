import { Injectable, NotFoundException } from '@nestjs/common';
import {
  EMAIL_READ_RPC,
  type EmailGetQueryV1,
  type EmailStoredV1,
  type EmailViewV1,
  RPC,
  type TaskSnapshotV1,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import type { AuthUser } from '../auth/auth-user';
import { RpcClient } from '../common/rpc-client';

/** More tasks than one mail ever becomes (a split makes a few). */
const MAX_TASKS = 50;

interface AuditEntryIds {
  taskId: string | null;
}

/**
 * Who may read an email (`GET /api/v1/emails/{id}`), decided over the bus — never another service's
 * tables: the tasks it became (the audit trail's `task.*.created` entries by email id), each asked
 * of the task-service with the caller's scope and task visibility (SPEC §6); then the parsed email
 * from the parser, which applies the scope and, for a member without a visible task, the
 * quarantine's mailbox rule, and shows a sensitive report by pseudonym, scrubbed. Unknown and not
 * visible are one 404.
 */
@Injectable()
export class EmailAccessService {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * The email as the caller may read it. `wholeScope`: a privacy officer's lookup, which finds the
   * email within their organizations whatever the task's visibility (as a reveal does).
   */
  async read(id: string, user: AuthUser, wholeScope = false): Promise<EmailViewV1> {
    const admin = user.role === 'admin' || wholeScope;
    const tasks = await this.tasksOf(id, user, admin);
    if (tasks.all > 0 && tasks.visible.length === 0) throw notFound(id);
    const query: EmailGetQueryV1 = {
      id,
      scope: user.scope,
      viewer: { email: user.email, admin },
      viaTask: tasks.visible.length > 0,
      pseudonym: tasks.visible.find((t) => t.sensitive)?.reporter ?? null,
    };
    const [view, stored] = await Promise.all([
      this.call<EmailViewV1>(EMAIL_READ_RPC.get, query, id),
      this.call<EmailStoredV1>(EMAIL_READ_RPC.stored, { id, scope: user.scope }, id).catch((error: unknown) => {
        if (error instanceof NotFoundException) return null;
        throw error;
      }),
    ]);
    return { ...view, source: stored?.source ?? view.source, task_ids: tasks.visible.map((t) => t.id) };
  }

  /** The tasks the email became (how many, and those the caller may see). */
  private async tasksOf(id: string, user: AuthUser, admin: boolean): Promise<{ all: number; visible: TaskSnapshotV1[] }> {
    const entries = await this.rpc.call<{ items: AuditEntryIds[] }>(RPC.auditList, { email_id: id, action: 'task.*.created', limit: MAX_TASKS, offset: 0, scope: user.scope });
    const ids = [...new Set(entries.items.map((e) => e.taskId).filter((t): t is string => typeof t === 'string'))];
    const found = await Promise.all(
      ids.map((taskId) =>
        this.rpc.call<TaskSnapshotV1>(RPC.taskGet, { id: taskId, scope: user.scope, viewer: admin ? null : user.email }).catch((error: unknown) => {
          if (error instanceof OrgoError && error.code === 'TASK.NOT_FOUND') return null;
          throw error;
        }),
      ),
    );
    return { all: ids.length, visible: found.filter((t): t is TaskSnapshotV1 => t !== null) };
  }

  /** An RPC whose `EMAIL.NOT_FOUND` is the API's 404. */
  async call<T>(name: string, payload: unknown, id: string): Promise<T> {
    try {
      return await this.rpc.call<T>(name, payload);
    } catch (error) {
      if (error instanceof OrgoError && error.code === 'EMAIL.NOT_FOUND') throw notFound(id);
      throw error;
    }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`No email '${id}' that you may read`);
}
