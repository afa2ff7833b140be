import type { ServiceDefinition } from '@orgo/runtime';

import { AUDIT_LOG_STORAGE, AuditLogModule } from './audit-log.module';

export const service: ServiceDefinition = {
  name: 'audit-log',
  storage: AUDIT_LOG_STORAGE,
  http: false,
  module: (context) => AuditLogModule.register(context),
};
