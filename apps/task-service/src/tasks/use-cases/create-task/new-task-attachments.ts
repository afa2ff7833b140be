import type { OrgoConfig } from '@orgo/config';
import type { TaskCreateCommandV1 } from '@orgo/contracts';

/** One file a new task is born with (a row of `task_attachments` without its ids). */
export interface NewTaskAttachment {
  name: string;
  size: number;
  type: string;
  source: 'email' | 'rule';
  sha256: string;
}

/**
 * The mail's allowed attachments, as the parser named, sized, hashed and sniffed them. A command of
 * before 1.2 has no hash or sniffed type: such an attachment cannot be downloaded and is left out.
 */
export function emailAttachments(
  attachments: TaskCreateCommandV1['attachments'] | undefined,
): NewTaskAttachment[] {
  return (attachments ?? []).flatMap((a) =>
    a.sha256 && /^[0-9a-f]{64}$/.test(a.sha256)
      ? [
          {
            name: a.filename,
            size: a.size,
            type: a.type ?? 'application/octet-stream',
            source: 'email' as const,
            sha256: a.sha256,
          },
        ]
      : [],
  );
}

/**
 * The documents a rule's `attach` names, from the organization's `documents/` folder as the
 * configuration resolved them at load (a missing one is a load error, so none is skipped here
 * unless the folder changed under a running service). Each document once, in the rule's order.
 */
export function ruleDocuments(
  config: Pick<OrgoConfig, 'documents'>,
  organization: string,
  attach: string[] | undefined,
): NewTaskAttachment[] {
  const documents = config.documents?.[organization] ?? {};
  return [...new Set(attach ?? [])].flatMap((name) => {
    const doc = documents[name];
    return doc
      ? [{ name: doc.name, size: doc.size, type: doc.type, source: 'rule' as const, sha256: doc.sha256 }]
      : [];
  });
}
