import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The raw RFC 822 bytes of every accepted message, exactly as received. Nobody knows yet whether the
 * sender is a sensitive reporter (the rules decide later), so the bytes are kept sealed.
 */
@Entity({ name: 'raw_messages' })
@Index('raw_messages_dedupe', ['mailbox', 'dedupeKey'], { unique: true })
export class RawMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** Message-ID when the message has one, else `sha256:<hash of the bytes>`. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 1000 })
  dedupeKey!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 1000, nullable: true })
  messageId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  source!: string;

  /** Organization slug the mailbox belongs to, or null when no organization claims it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'integer' })
  size!: number;

  /** The bytes in base64, sealed (`@orgo/security`): read them with `RawMessageService.read`. */
  @Column({ type: 'text' })
  raw!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;
}
