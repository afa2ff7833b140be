import type { ServiceDefinition } from '@orgo/runtime';

import { AuditLogModule } from './audit-log.module';

export const service: ServiceDefinition = {
  name: 'audit-log',
  http: false,
  module: (context) => AuditLogModule.register(context),
};
