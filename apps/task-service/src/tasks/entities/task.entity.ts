import type { TaskBroadcastV1 } from '@orgo/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? null), from: (v: string | null) => (v == null ? null : JSON.parse(v)) };
const bigNumber = { to: (v: number | null) => v, from: (v: string | number | null) => (v == null ? null : Number(v)) };

/** One task, whatever its domain (SPEC §4): domains differ only by data. */
@Entity({ name: 'tasks' })
@Index('tasks_org_key', ['organization', 'key'], { unique: true })
@Index('tasks_source_email', ['sourceEmailId'], { unique: true })
@Index('tasks_org_status', ['organization', 'status'])
export class TaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subtype!: string | null;

  @Column({ type: 'integer' })
  category!: number;

  @Column({ type: 'integer' })
  subcategory!: number;

  @Column({ type: 'varchar', length: 255 })
  label!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 16 })
  priority!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  severity!: string | null;

  @Column({ name: 'assignee_position', type: 'varchar', length: 255 })
  assigneePosition!: string;

  @Column({ name: 'assignee_person', type: 'varchar', length: 320, nullable: true })
  assigneePerson!: string | null;

  /** The route a rule suggested while the task waits in triage for a person to confirm it (automation level manual); null otherwise. */
  @Column({ name: 'suggested_position', type: 'varchar', length: 255, nullable: true })
  suggestedPosition!: string | null;

  /** A broadcast task's tier and each recipient's notification status; null for a task assigned to one position. */
  @Column({ type: 'text', nullable: true, transformer: json })
  broadcast!: TaskBroadcastV1 | null;

  /** The organization the email arrived in, when a rule routed the task to another organization (SPEC §3); else null. */
  @Column({ name: 'source_organization', type: 'varchar', length: 100, nullable: true })
  sourceOrganization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  reporter!: string;

  @Column({ type: 'boolean' })
  sensitive!: boolean;

  @Column({ type: 'varchar', length: 16 })
  visibility!: string;

  @Column({ type: 'text', transformer: json })
  tags!: string[];

  @Column({ type: 'text', transformer: json })
  metadata!: Record<string, unknown>;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'escalation_chain', type: 'text', transformer: json })
  escalationChain!: string[];

  @Column({ name: 'reactivity_ms', type: 'bigint', nullable: true, transformer: bigNumber })
  reactivityMs!: number | null;

  @Column({ name: 'next_due_at', type: 'varchar', length: 24, nullable: true })
  nextDueAt!: string | null;

  /** When the assignee is warned that the step's time is nearly spent (SPEC §6, default at 80 %); null when no warning is due. */
  @Column({ name: 'warn_at', type: 'varchar', length: 24, nullable: true })
  warnAt!: string | null;

  /** While on hold: the business time the step had left when the clock paused; resuming restarts with it. */
  @Column({ name: 'paused_remaining_ms', type: 'bigint', nullable: true, transformer: bigNumber })
  pausedRemainingMs!: number | null;

  /** The business calendar the clock counts in (`organization`, a position id), or null: round the clock. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  calendar!: string | null;

  @Column({ name: 'source_email_id', type: 'varchar', length: 36, nullable: true })
  sourceEmailId!: string | null;

  @Column({ name: 'source_mailbox', type: 'varchar', length: 320, nullable: true })
  sourceMailbox!: string | null;

  @Column({ name: 'source_message_id', type: 'varchar', length: 1000, nullable: true })
  sourceMessageId!: string | null;

  /** When the email-gateway accepted the message (acceptance-to-task latency starts here). */
  @Column({ name: 'source_received_at', type: 'varchar', length: 24, nullable: true })
  sourceReceivedAt!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ type: 'integer' })
  version!: number;
}
