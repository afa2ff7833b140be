import { Inject, Injectable } from '@nestjs/common';
import { type DirectoryEntry, directorySource } from '@orgo/cache';
import { type DirectoryLookups, OrgoError, type PositionClock, positionClock } from '@orgo/domain';
import { CachedOrganizationModels, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/**
 * The organization directory the task-service owns: positions, holders, roles, chains. Loaded
 * before the service consumes, through the shared cache (a replica with a hit skips resolving the
 * hierarchy); a replica that loads a newer organization file moves the others to it.
 */
@Injectable()
export class DirectoryRegistry extends CachedOrganizationModels<DirectoryLookups, DirectoryEntry> {
  /** The slugs of the configured organizations. */
  readonly slugs: readonly string[];

  constructor(@Inject(SERVICE_CONTEXT) context: ServiceContext) {
    super(context, directorySource(context.config));
    this.slugs = context.config.organizations.map((o) => o.slug);
  }

  /** The organization's directory, or undefined when this configuration has no such organization. */
  find(slug: string): DirectoryEntry | undefined {
    return this.models.get(slug);
  }

  /** The escalation clock of a task's assigned position: its business calendar and the warning share (SPEC §6). */
  clockOf(task: { organization: string; assigneePosition: string }): PositionClock {
    return positionClock(this.get(task.organization).model, task.assigneePosition);
  }

  get(slug: string): DirectoryEntry {
    return this.valueOf(slug, () => new OrgoError('TASK.UNKNOWN_ORGANIZATION', `Organization '${slug}' is not configured`, { retryable: false }));
  }
}
