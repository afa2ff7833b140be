import { type DynamicModule, Module, type Provider } from '@nestjs/common';
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
import { AuditSearchIndex1765152000000 } from './migrations/1765152000000-audit-search-index';
import { AuditRetentionService } from './retention/audit-retention.service';
import { AUDIT_INDEX_CLIENT, createAuditIndexClient } from './search/audit-index-client';
import { AuditIndexLeaseEntity } from './search/audit-index-lease.entity';
import { AuditIndexMarkEntity } from './search/audit-index-mark.entity';
import { AuditIndexRetryEntity } from './search/audit-index-retry.entity';
import { AuditIndexerService } from './search/audit-indexer.service';
import { AUDIT_SETTINGS, auditSettings } from './settings/audit-settings';

/** The tables this service owns and the migrations that create them. */
export const AUDIT_LOG_STORAGE: ServiceStorage = {
  entities: [
    AuditCheckpointEntity,
    AuditEntryEntity,
    AuditHeadEntity,
    AuditIndexLeaseEntity,
    AuditIndexMarkEntity,
    AuditIndexRetryEntity,
  ],
  migrations: [
    AuditLogSchema1732406400007,
    AuditIntegrity1764806400000,
    AuditLookupIndexes1764979200000,
    AuditSearchIndex1765152000000,
  ],
};

/**
 * audit-log: the append-only audit trail, keyed and hash-chained per category, with signed
 * checkpoints and retention (ADR 0007), and, when `elasticsearch_url` is set, its search index.
 */
@Module({})
export class AuditLogModule {
  static register(context: ServiceContext): DynamicModule {
    const settings = auditSettings(context.config.services['audit-log'], {
      env: context.env,
      security: context.config.security ?? {},
    });
    const index = settings.index;
    const search: Provider[] = index
      ? [
          { provide: AUDIT_INDEX_CLIENT, useFactory: () => createAuditIndexClient(index) },
          AuditIndexerService,
        ]
      : [];
    return {
      module: AuditLogModule,
      imports: [ServiceRuntimeModule.register(context, AUDIT_LOG_STORAGE)],
      controllers: [AuditConsumer],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: settings },
        AuditChainService,
        AuditRetentionService,
        AuditService,
        ...search,
      ],
    };
  }
}
