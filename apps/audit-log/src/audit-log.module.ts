import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditConsumer } from './audit/audit.consumer';
import { AuditService } from './audit/audit.service';
import { AuditLogSchema1732406400007 } from './migrations/1732406400007-audit-log-schema';

/** The tables this service owns and the migrations that create them. */
export const AUDIT_LOG_STORAGE: ServiceStorage = {
  entities: [AuditEntryEntity],
  migrations: [AuditLogSchema1732406400007],
};

/** audit-log: the append-only, hash-chained audit trail. */
@Module({})
export class AuditLogModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: AuditLogModule,
      imports: [ServiceRuntimeModule.register(context, AUDIT_LOG_STORAGE)],
      controllers: [AuditConsumer],
      providers: [AuditService],
    };
  }
}
