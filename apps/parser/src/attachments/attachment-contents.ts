import { createHash } from 'node:crypto';

import type { AttachmentContentV1, EmailAttachmentV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { type KeyRing, seal } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { opened } from '../privacy/sealed-value';
import { AttachmentContentEntity } from './attachment-content.entity';

/** The decoded bytes of a message's attachments, by sha256 (what the MIME worker returned). */
export type AttachmentBytes = Map<string, Uint8Array>;

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Stores the bytes of the attachments the task gets, once per content hash (a hash already stored
 * is not written again), in the caller's transaction. Bytes whose hash does not match are not
 * stored (the attachment then cannot be downloaded; it is never served wrong).
 */
export async function storeAttachmentContents(
  manager: EntityManager,
  ring: KeyRing,
  attachments: EmailAttachmentV1[],
  bytes: AttachmentBytes,
  now: string,
): Promise<number> {
  let stored = 0;
  for (const sha256 of new Set(attachments.map((a) => a.sha256 ?? ''))) {
    const content = bytes.get(sha256);
    if (!SHA256.test(sha256) || !content || createHash('sha256').update(content).digest('hex') !== sha256)
      continue;
    if (await manager.exists(AttachmentContentEntity, { where: { sha256 } })) continue;
    await manager.insert(AttachmentContentEntity, {
      sha256,
      size: content.length,
      contentBase64: seal(ring, Buffer.from(content).toString('base64')),
      storedAt: now,
    });
    stored++;
  }
  return stored;
}

/** The bytes of one stored attachment; `ATTACHMENT.NOT_FOUND` when none has the hash. */
export async function readAttachmentContent(
  manager: EntityManager,
  ring: KeyRing,
  sha256: string,
): Promise<AttachmentContentV1> {
  const row = SHA256.test(sha256)
    ? await manager.findOne(AttachmentContentEntity, { where: { sha256 } })
    : null;
  if (!row)
    throw new OrgoError(
      'ATTACHMENT.NOT_FOUND',
      `No stored attachment content '${String(sha256).slice(0, 64)}'`,
      { retryable: false },
    );
  return { sha256, size: row.size, contentBase64: opened(ring, row.contentBase64) ?? '' };
}
