import type { TaskSnapshotV1 } from '@orgo/contracts';

/** An attachment as a notification names it: linked, never embedded (SPEC §4, docs/adr/0013-attachments.md). */
export interface AttachmentLink {
  name: string;
  size: number;
  type: string;
  /** The download route (`GET /api/v1/tasks/{id}/attachments/{aid}`), absolute when `public_url` is set in base_config.yaml. */
  url: string;
}

/** The task's attachments as links to the download route, under `publicUrl` (the API's address people reach) when given. */
export function attachmentLinks(
  task: Pick<TaskSnapshotV1, 'id' | 'attachments'>,
  publicUrl: unknown,
): AttachmentLink[] {
  const base = typeof publicUrl === 'string' ? publicUrl.trim().replace(/\/+$/, '') : '';
  return (task.attachments ?? []).map((a) => ({
    name: a.name,
    size: a.size,
    type: a.type,
    url: `${base}/api/v1/tasks/${encodeURIComponent(task.id)}/attachments/${encodeURIComponent(a.id)}`,
  }));
}
