import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bytes of an email attachment a task got, stored once per content hash however many mails
 * carry it (docs/adr/0013-attachments.md). Sealed like the parsed email (a photo can name a
 * sensitive reporter as well as a signature can).
 */
@Entity({ name: 'attachment_contents' })
export class AttachmentContentEntity {
  /** sha256 of the decoded bytes, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** The bytes, base64, sealed (`@orgo/security`). */
  @Column({ name: 'content_base64', type: 'text' })
  contentBase64!: string;

  /** When the first mail with these bytes was parsed (ISO-8601). */
  @Column({ name: 'stored_at', type: 'varchar', length: 24 })
  storedAt!: string;
}
