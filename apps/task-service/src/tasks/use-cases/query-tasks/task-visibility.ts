import { Injectable } from '@nestjs/common';
import { type VisibleAssignees, canSeeTask, visibleAssignees } from '@orgo/domain';
import { Brackets, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import type { TaskEntity } from '../../entities/task.entity';

/**
 * Which tasks a member may see by their visibility (SPEC §6 Privacy), from the positions the member
 * holds in each organization's directory. An administrator (no viewer) sees every task of the scope.
 */
@Injectable()
export class TaskVisibility {
  constructor(private readonly directories: DirectoryRegistry) {}

  private assignees(organization: string, viewer: string): VisibleAssignees | null {
    const entry = this.directories.find(organization);
    return entry ? visibleAssignees(entry.directory, viewer) : null;
  }

  /** A check for one task; always true without a viewer. */
  check(viewer: string | null | undefined): (task: TaskEntity) => boolean {
    if (!viewer) return () => true;
    return (task) => {
      const visible = this.assignees(task.organization, viewer);
      return visible !== null && canSeeTask(task, visible);
    };
  }

  /** Narrows a task query to what the viewer may see in the organizations of their scope. */
  restrict(qb: SelectQueryBuilder<TaskEntity>, viewer: string | null | undefined, scope: string[] | null): void {
    if (!viewer) return;
    const organizations = scope ?? [];
    qb.andWhere(
      new Brackets((any) => {
        any.where('1 = 0');
        organizations.forEach((organization, i) => {
          const visible = this.assignees(organization, viewer);
          if (visible) any.orWhere(new Brackets((one) => this.visibleIn(one, organization, visible, i)));
        });
      }),
    );
  }

  private visibleIn(w: WhereExpressionBuilder, organization: string, visible: VisibleAssignees, i: number): void {
    w.where(`task.organization = :vOrg${i}`, { [`vOrg${i}`]: organization });
    w.andWhere(
      new Brackets((v) => {
        v.where("task.visibility = 'organization'");
        if (visible.broadcast.length) v.orWhere(`task.assignee_position IN (:...vCast${i})`, { [`vCast${i}`]: visible.broadcast });
        const bucket = (condition: string, positions: string[], key: string) => {
          if (positions.length) v.orWhere(`(${condition} AND task.assignee_position IN (:...${key}${i}))`, { [`${key}${i}`]: positions });
        };
        bucket("task.visibility = 'department'", visible.department, 'vDept');
        bucket("task.visibility = 'restricted'", visible.restricted, 'vRole');
        // Any other word is treated as private, the narrowest.
        bucket("task.visibility NOT IN ('organization', 'department', 'restricted')", visible.private, 'vPriv');
      }),
    );
  }
}
