import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule } from '@orgo/runtime';

import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditConsumer } from './audit/audit.consumer';
import { AuditService } from './audit/audit.service';
import { AuditLogSchema1732406400007 } from './migrations/1732406400007-audit-log-schema';

/** audit-log: the append-only, hash-chained audit trail. */
@Module({})
export class AuditLogModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: AuditLogModule,
      imports: [
        ServiceRuntimeModule.register(context, {
          entities: [AuditEntryEntity],
          migrations: [AuditLogSchema1732406400007],
        }),
      ],
      providers: [AuditConsumer, AuditService],
    };
  }
}
