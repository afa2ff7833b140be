import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The organization a task's email arrived in, when a rule routed it to another organization (SPEC §3). */
export class TaskSourceOrganization1732838400000 implements MigrationInterface {
  name = 'TaskSourceOrganization1732838400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('tasks', new TableColumn({ name: 'source_organization', type: 'varchar', length: '100', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tasks', 'source_organization');
  }
}
