import fs from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';
import {
  type AttachmentContentV1,
  RPC,
  type TaskAttachmentLocationV1,
  type TaskAttachmentQueryV1,
  type TaskAttachmentV1,
  type TaskSnapshotV1,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import { type AuthUser, PRIVACY_OFFICER } from '../../auth/auth-user';
import { RpcClient } from '../../common/rpc-client';
import { matchesHash, mayDownload } from './attachment-download';

/**
 * Finds a file of a task the caller may download and its bytes: the task as `GET /tasks/{id}` finds
 * it (scope and visibility; a privacy officer by scope alone), a sensitive task's files only for its
 * chain and a privacy officer (`mayDownload`); then the bytes from the parser's content store (a mail
 * attachment) or the organization's documents folder (a rule document), checked against the hash.
 */
@Injectable()
export class TaskAttachmentsService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  async download(
    taskId: string,
    attachmentId: string,
    user: AuthUser,
  ): Promise<{ attachment: TaskAttachmentV1; bytes: Buffer }> {
    const privacyOfficer = user.permissions.includes(PRIVACY_OFFICER);
    const viewer = user.role === 'admin' || privacyOfficer ? null : user.email;
    const task = await this.rpc.call<TaskSnapshotV1>(RPC.taskGet, { id: taskId, scope: user.scope, viewer });
    const organization = this.context.config.organizations.find((o) => o.slug === task.organization);
    if (!mayDownload(task, { email: user.email, privacyOfficer }, organization))
      throw notFound(taskId, attachmentId);
    const query: TaskAttachmentQueryV1 = { id: taskId, attachmentId, scope: user.scope, viewer };
    const { attachment, organization: slug } = await this.rpc.call<TaskAttachmentLocationV1>(
      RPC.taskAttachment,
      query,
    );
    const bytes =
      attachment.source === 'rule'
        ? await this.document(slug, attachment)
        : await this.emailAttachment(attachment);
    if (!bytes || !matchesHash(bytes, attachment.sha256))
      throw notFound(taskId, attachmentId, 'its stored bytes are no longer there');
    return { attachment, bytes };
  }

  private async emailAttachment(attachment: TaskAttachmentV1): Promise<Buffer | null> {
    try {
      const content = await this.rpc.call<AttachmentContentV1>(RPC.attachmentContent, {
        sha256: attachment.sha256,
      });
      return Buffer.from(content.contentBase64, 'base64');
    } catch (error) {
      if (error instanceof OrgoError && error.code === 'ATTACHMENT.NOT_FOUND') return null;
      throw error;
    }
  }

  /** A rule document from the documents folder the configuration resolved (by hash first: the name may have been reused). */
  private async document(slug: string, attachment: TaskAttachmentV1): Promise<Buffer | null> {
    const documents = Object.values(this.context.config.documents?.[slug] ?? {});
    const doc =
      documents.find((d) => d.sha256 === attachment.sha256) ??
      documents.find((d) => d.name === attachment.name);
    if (!doc) return null;
    return fs.readFile(doc.path).catch(() => null);
  }
}

function notFound(taskId: string, attachmentId: string, why?: string): OrgoError {
  return new OrgoError(
    'ATTACHMENT.NOT_FOUND',
    `Task '${taskId}' has no attachment '${attachmentId}' that you may download${why ? ` (${why})` : ''}`,
  );
}
