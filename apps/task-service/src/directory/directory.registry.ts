import { Inject, Injectable } from '@nestjs/common';
import { OrganizationDirectory, type OrganizationModel, OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/** The organization directory the task-service owns: positions, holders, roles, chains. */
@Injectable()
export class DirectoryRegistry {
  private readonly entries = new Map<string, { model: OrganizationModel; directory: OrganizationDirectory }>();

  constructor(@Inject(SERVICE_CONTEXT) context: ServiceContext) {
    for (const model of context.config.organizations) {
      this.entries.set(model.slug, { model, directory: new OrganizationDirectory(model) });
    }
  }

  get(slug: string): { model: OrganizationModel; directory: OrganizationDirectory } {
    const entry = this.entries.get(slug);
    if (!entry) {
      throw new OrgoError('TASK.UNKNOWN_ORGANIZATION', `Organization '${slug}' is not configured`, { retryable: false });
    }
    return entry;
  }
}
