import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A sensitive reporter's stable pseudonym in one organization (SPEC §6 Privacy). The identity is
 * sealed (AES-256-GCM, key id inside the value); the sender is found again by a blind index, never
 * by a plaintext address.
 */
@Entity({ name: 'pseudonyms' })
@Index('pseudonyms_name', ['organization', 'pseudonym'], { unique: true })
export class PseudonymEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  organization!: string;

  /** `blindIndex(ring, organization, address)`. */
  @PrimaryColumn({ name: 'sender_index', type: 'varchar', length: 64 })
  senderIndex!: string;

  /** `Anon-<sequence>`. */
  @Column({ type: 'varchar', length: 40 })
  pseudonym!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  /** Sealed JSON `{ address, name }`. */
  @Column({ type: 'text' })
  identity!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
