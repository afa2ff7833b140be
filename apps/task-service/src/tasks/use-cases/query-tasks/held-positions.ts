import { positionsHeldBy } from '@orgo/domain';
import { Brackets, type SelectQueryBuilder } from 'typeorm';

import type { DirectoryRegistry } from '../../../directory/directory.registry';
import type { TaskEntity } from '../../entities/task.entity';

/**
 * Narrows a task query to the tasks assigned to a position the person holds (`GET /tasks?mine=true`),
 * in each organization of the scope (all configured ones for null): by the organization file's
 * holders, so a task escalated to a position they hold is theirs, and one escalated away is not.
 */
export function restrictToHeldPositions(qb: SelectQueryBuilder<TaskEntity>, directories: DirectoryRegistry, holder: string, scope: string[] | null): void {
  qb.andWhere(
    new Brackets((any) => {
      any.where('1 = 0');
      (scope ?? directories.slugs).forEach((organization, i) => {
        const model = directories.find(organization)?.model;
        const positions = model ? positionsHeldBy(model, holder).map((p) => p.position) : [];
        if (positions.length === 0) return;
        any.orWhere(
          new Brackets((one) =>
            one.where(`task.organization = :hOrg${i}`, { [`hOrg${i}`]: organization }).andWhere(`task.assignee_position IN (:...hPos${i})`, { [`hPos${i}`]: positions }),
          ),
        );
      });
    }),
  );
}
