import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message a consumer has handled; the primary key is the dedupe. */
@Entity({ name: 'inbox_messages' })
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer!: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 255 })
  routingKey!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  @Column({ name: 'processed_at', type: 'varchar', length: 24 })
  processedAt!: string;
}
