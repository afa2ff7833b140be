import { Column, Entity, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? []), from: (v: string | null) => (v == null ? [] : JSON.parse(v)) };

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
}
