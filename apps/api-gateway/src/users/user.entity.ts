import { Column, Entity, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? []), from: (v: string | null) => (v == null ? [] : JSON.parse(v)) };
const optionalJson = { to: (v: unknown) => (v == null ? null : JSON.stringify(v)), from: (v: string | null) => (v == null ? null : JSON.parse(v)) };

/** A person who signs in to the API or dashboard. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  /** argon2id hash; the password itself is never stored or logged. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  /** `admin` sees every organization; `member` only those listed. */
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ type: 'text', transformer: json })
  organizations!: string[];

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  /** A disabled user cannot sign in, and the tokens they hold stop working at once. */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Extra permissions beyond the role: `privacy_officer` (reveals pseudonyms; needs MFA). */
  @Column({ type: 'text', nullable: true, transformer: json })
  permissions!: string[];

  /** The TOTP secret once MFA is confirmed, sealed (`@orgo/security`); null without MFA. */
  @Column({ name: 'mfa_secret', type: 'text', nullable: true })
  mfaSecret!: string | null;

  /** A secret handed out by enrolment and not confirmed yet, sealed. */
  @Column({ name: 'mfa_pending_secret', type: 'text', nullable: true })
  mfaPendingSecret!: string | null;

  @Column({ name: 'mfa_enabled_at', type: 'varchar', length: 24, nullable: true })
  mfaEnabledAt!: string | null;

  /** The TOTP time step of the last code accepted: a code of that step or an earlier one is refused (replay). */
  @Column({ name: 'mfa_last_step', type: 'integer', nullable: true })
  mfaLastStep!: number | null;

  /** SHA-256 hashes of the unused recovery codes (each works once). */
  @Column({ name: 'recovery_codes', type: 'text', nullable: true, transformer: optionalJson })
  recoveryCodes!: string[] | null;
}
