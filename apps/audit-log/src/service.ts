import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { AUDIT_LOG_STORAGE, AuditLogModule } from './audit-log.module';

export const service: ServiceDefinition = {
  name: 'audit-log',
  storage: AUDIT_LOG_STORAGE,
  http: false,
  // Batches one after another: each entry links to the one before it in its category.
  consumes: { queue: QUEUES.auditLog, prefetch: 128, serial: true },
  module: (context) => AuditLogModule.register(context),
};

/** `orgo audit verify` checks the trail in the database without booting the service (loaded by name, like `service`). */
export { verifyAuditSnapshot } from './audit/audit-verification';
