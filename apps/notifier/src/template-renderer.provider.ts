import type { Provider } from '@nestjs/common';
import { organizationBySlug } from '@orgo/config';
import { TemplateRenderer } from '@orgo/notifications';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/**
 * One strict renderer over the organization, domain and built-in templates, for notifications and
 * digests alike. An organization that names its domain modules (`organization.domains`) gets only
 * their templates; one that names none, every domain's.
 */
export const templateRendererProvider: Provider = {
  provide: TemplateRenderer,
  useFactory: (context: ServiceContext) => {
    const dirs = context.config.templateDirs.domain;
    return new TemplateRenderer(context.config.templateDirs.organization, (organization) => {
      const chosen = organizationBySlug(context.config, organization)?.domains;
      return chosen == null ? Object.values(dirs) : chosen.flatMap((d) => (dirs[d] ? [dirs[d]] : []));
    });
  },
  inject: [SERVICE_CONTEXT],
};
