import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { AuditChainService } from './audit/audit-chain.service';
import { AuditCheckpointEntity } from './audit/audit-checkpoint.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditHeadEntity } from './audit/audit-head.entity';
import { AuditConsumer } from './audit/audit.consumer';
import { AuditService } from './audit/audit.service';
import { AuditLogSchema1732406400007 } from './migrations/1732406400007-audit-log-schema';
import { AuditIntegrity1764806400000 } from './migrations/1764806400000-audit-integrity';
import { AuditLookupIndexes1764979200000 } from './migrations/1764979200000-audit-lookup-indexes';
import { AuditRetentionService } from './retention/audit-retention.service';
import { AUDIT_SETTINGS, auditSettings } from './settings/audit-settings';

/** The tables this service owns and the migrations that create them. */
export const AUDIT_LOG_STORAGE: ServiceStorage = {
  entities: [AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity],
  migrations: [AuditLogSchema1732406400007, AuditIntegrity1764806400000, AuditLookupIndexes1764979200000],
};

/** audit-log: the append-only audit trail, keyed and hash-chained per category, with signed checkpoints and retention (ADR 0007). */
@Module({})
export class AuditLogModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: AuditLogModule,
      imports: [ServiceRuntimeModule.register(context, AUDIT_LOG_STORAGE)],
      controllers: [AuditConsumer],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: auditSettings(context.config.services['audit-log']) },
        AuditChainService,
        AuditRetentionService,
        AuditService,
      ],
    };
  }
}
