import type { TaskGetQueryV1 } from '../rpc/task-rpc';

/**
 * A file of a task (SPEC §4 attachments), as the task JSON lists it. Version 1. The bytes are stored
 * once per content hash (docs/adr/0013-attachments.md) and downloaded through
 * `GET /api/v1/tasks/{id}/attachments/{aid}`.
 */
export interface TaskAttachmentV1 {
  id: string;
  /** Safe file name: no path separators, `..`, control or bidi characters; bounded length. */
  name: string;
  /** Bytes. */
  size: number;
  /** Sniffed from the bytes (magic numbers), never the sender's header. */
  type: string;
  /** `email`: a file of the source mail; `rule`: a document a rule's `attach` added. */
  source: 'email' | 'rule';
  /** sha256 of the content, hex. */
  sha256: string;
}

/** api-gateway → task-service: one attachment of a task the viewer may see (`rpc.task.attachment`). */
export interface TaskAttachmentQueryV1 extends TaskGetQueryV1 {
  attachmentId: string;
}

/** Where the bytes of an attachment are: the parser's content store (`email`) or the organization's documents (`rule`). */
export interface TaskAttachmentLocationV1 {
  attachment: TaskAttachmentV1;
  organization: string;
  /** The source mail, for an `email` attachment. */
  emailId: string | null;
}

/** api-gateway → parser: the bytes of an email attachment by content hash (`rpc.attachment.content`). */
export interface AttachmentContentQueryV1 {
  sha256: string;
}

export interface AttachmentContentV1 {
  sha256: string;
  size: number;
  contentBase64: string;
}
