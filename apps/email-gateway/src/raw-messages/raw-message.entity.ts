import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Raw bytes are kept as base64 text: the same column on SQLite and PostgreSQL, byte for byte. */
const base64 = { to: (v: Buffer) => v.toString('base64'), from: (v: string) => Buffer.from(v, 'base64') };

/** The raw RFC 822 bytes of every accepted message, exactly as received. */
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

  @Column({ type: 'text', transformer: base64 })
  raw!: Buffer;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;
}
