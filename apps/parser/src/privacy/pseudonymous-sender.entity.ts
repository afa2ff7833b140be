import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sender the rules made a sensitive reporter (`privacy.reporter.pseudonymized`): known here only
 * by their blind index and pseudonym, so the quarantine shows the pseudonym and no filter finds them.
 */
@Entity({ name: 'pseudonymous_senders' })
export class PseudonymousSenderEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  organization!: string;

  /** `blindIndex(ring, organization, address)` of the sender. */
  @PrimaryColumn({ name: 'sender_index', type: 'varchar', length: 40 })
  senderIndex!: string;

  /** The organization's stable pseudonym for them, e.g. `Anon-7`. */
  @Column({ type: 'varchar', length: 100 })
  pseudonym!: string;

  /** The email whose rule decision made them sensitive first. */
  @Column({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ name: 'recorded_at', type: 'varchar', length: 24 })
  recordedAt!: string;
}
