import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One refresh token of a sign-in session, by its id (`jti`); the token itself is never stored. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 24 })
  expiresAt!: string;

  /** Set when the token was exchanged for a new pair: presenting it again is a reuse. */
  @Column({ name: 'retired_at', type: 'varchar', length: 24, nullable: true })
  retiredAt!: string | null;
}
