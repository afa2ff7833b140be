import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the state change that produced it. */
@Entity({ name: 'outbox_messages' })
@Index('outbox_messages_unsent', ['sentAt', 'createdAt'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 255 })
  routingKey!: string;

  /** The whole envelope as JSON. */
  @Column({ type: 'text' })
  envelope!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 24, nullable: true })
  sentAt!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Until when a relay has claimed the row to publish it: other relays (replicas) leave it alone till then. */
  @Column({ name: 'claimed_until', type: 'varchar', length: 24, nullable: true })
  claimedUntil!: string | null;
}
