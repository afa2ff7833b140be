import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A message that failed its last retry, or could never succeed, kept for inspection and replay. */
@Entity({ name: 'dead_letters' })
@Index('dead_letters_queue', ['queue', 'createdAt'])
export class DeadLetterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  queue!: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 255 })
  routingKey!: string;

  @Column({ type: 'text' })
  envelope!: string;

  @Column({ type: 'text' })
  error!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'replayed_at', type: 'varchar', length: 24, nullable: true })
  replayedAt!: string | null;
}
