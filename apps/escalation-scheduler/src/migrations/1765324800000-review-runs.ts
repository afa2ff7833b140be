import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Review runs and the clusters of similar cases their patterns found (SPEC §6 "Reviews and patterns"). */
export class ReviewRuns1765324800000 implements MigrationInterface {
  name = 'ReviewRuns1765324800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'review_runs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'period', type: 'varchar', length: '16' },
          { name: 'period_start', type: 'varchar', length: '24' },
          { name: 'period_end', type: 'varchar', length: '24' },
          { name: 'as_of', type: 'varchar', length: '24' },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'actor', type: 'varchar', length: '320' },
          { name: 'schedule_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'report', type: 'text' },
          { name: 'html', type: 'text' },
          { name: 'outcomes', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [
          new TableIndex({ name: 'review_runs_org_created', columnNames: ['organization', 'created_at'] }),
          new TableIndex({ name: 'review_runs_schedule_key', columnNames: ['schedule_key'], isUnique: true }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'review_clusters',
        columns: [
          { name: 'organization', type: 'varchar', length: '100', isPrimary: true },
          { name: 'cluster', type: 'varchar', length: '300', isPrimary: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'investigation_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'case_ids', type: 'text' },
          { name: 'run_id', type: 'varchar', length: '36' },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('review_clusters', true);
    await queryRunner.dropTable('review_runs', true);
  }
}
