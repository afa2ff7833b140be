import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Wrong passwords or codes in a row for one account (known or not), shared by every replica. */
@Entity({ name: 'sign_in_failures' })
export class SignInFailureEntity {
  /** SHA-256 of the lower-cased email: the same row whether the account exists or not. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'locked_until', type: 'varchar', length: 24, nullable: true })
  lockedUntil!: string | null;

  @Column({ name: 'last_failure_at', type: 'varchar', length: 24 })
  lastFailureAt!: string;
}
