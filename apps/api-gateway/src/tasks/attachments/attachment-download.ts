import { createHash } from 'node:crypto';

import type { TaskSnapshotV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';

/**
 * A sensitive task's files (SPEC §6 Privacy) go only to the holders of a position of its chain (the
 * assignee's included) and to a privacy officer: whoever else may see the task by its visibility
 * gets the same 404 as for a missing attachment. Any other task's files: whoever may see the task.
 */
export function mayDownload(
  task: Pick<TaskSnapshotV1, 'sensitive' | 'assignee' | 'escalation'>,
  viewer: { email: string; privacyOfficer: boolean },
  organization: Pick<OrganizationModel, 'positions'> | undefined,
): boolean {
  if (!task.sensitive || viewer.privacyOfficer) return true;
  if (!organization) return false;
  const email = viewer.email.toLowerCase();
  const chain = new Set([task.assignee.position, ...task.escalation.chain]);
  return organization.positions.some(
    (p) => chain.has(p.id) && p.holders.some((holder) => holder.toLowerCase() === email),
  );
}

/**
 * `Content-Disposition: attachment` with the name as RFC 5987 `filename*=UTF-8''…` and a plain
 * ASCII `filename=` fallback (quotes, backslashes and non-ASCII characters replaced).
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Whether the bytes are the ones the task lists (never serve other bytes under its name). */
export function matchesHash(bytes: Buffer, sha256: string): boolean {
  return createHash('sha256').update(bytes).digest('hex') === sha256;
}
