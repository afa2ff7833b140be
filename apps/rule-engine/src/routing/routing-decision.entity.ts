import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the rules decided for one email, with the trace of every rule considered. */
@Entity({ name: 'routing_decisions' })
export class RoutingDecisionEntity {
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  /** `task` or `ignore`. */
  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  /** Content hash of the rule set that decided. */
  @Column({ name: 'rule_set_hash', type: 'varchar', length: 64 })
  ruleSetHash!: string;

  /** Matched rules, merged action and trace, as JSON. */
  @Column({ type: 'text' })
  decision!: string;

  @Column({ name: 'decided_at', type: 'varchar', length: 24 })
  decidedAt!: string;
}
