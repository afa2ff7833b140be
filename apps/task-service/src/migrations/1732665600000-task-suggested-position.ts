import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Keeps the route a rule suggested while a task waits in triage for a person to confirm it (automation level manual). */
export class TaskSuggestedPosition1732665600000 implements MigrationInterface {
  name = 'TaskSuggestedPosition1732665600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('tasks', new TableColumn({ name: 'suggested_position', type: 'varchar', length: '255', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tasks', 'suggested_position');
  }
}
