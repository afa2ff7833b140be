import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One sign-in: the family of refresh tokens it hands out, one after another. Access tokens carry its
 * id, so revoking it (logout, a reused refresh token, a disabled user) ends all of them at once.
 */
@Entity({ name: 'sign_in_sessions' })
export class SignInSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  /** When the last refresh token of the family expires; the session ends then. */
  @Column({ name: 'expires_at', type: 'varchar', length: 24 })
  expiresAt!: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 24, nullable: true })
  revokedAt!: string | null;

  /** `logout`, `reused_refresh_token`, `user_disabled`, `user_deleted`, `mfa_changed`. */
  @Column({ name: 'revoked_reason', type: 'varchar', length: 40, nullable: true })
  revokedReason!: string | null;
}
