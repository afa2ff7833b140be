import { Column, Entity, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => (v == null ? null : JSON.stringify(v)), from: (v: string | null) => (v == null ? null : JSON.parse(v)) };

/** What a person set for themselves in one organization (`PUT /me/preferences`); null fields fall back to the organization file. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  organization!: string;

  @PrimaryColumn({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'text', nullable: true, transformer: json })
  channels!: string[] | null;

  /** null: not set by the person; '' : the person turned quiet hours off. */
  @Column({ name: 'quiet_hours', type: 'varchar', length: 16, nullable: true })
  quietHours!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  digest!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
