import type { Provider } from '@nestjs/common';
import { TemplateRenderer } from '@orgo/notifications';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/** One strict renderer over the organization, domain and built-in templates, for notifications and digests alike. */
export const templateRendererProvider: Provider = {
  provide: TemplateRenderer,
  useFactory: (context: ServiceContext) => new TemplateRenderer(context.config.templateDirs.organization, Object.values(context.config.templateDirs.domain)),
  inject: [SERVICE_CONTEXT],
};
