import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QUEUES, RPC } from '@orgo/contracts';
import { ServiceRuntime } from '@orgo/runtime';

import { type AuditQuery, AuditService } from './audit.service';

/** Consumes every message (`#`) and answers the API's audit requests. */
@Injectable()
export class AuditConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Batches one after another: each entry links to the one before it in its category.
    this.runtime.subscribe(QUEUES.auditLog, (envelope, manager) => this.audit.append(envelope, manager), { prefetch: 64, serial: true });
    this.runtime.respond(RPC.auditList, async (query) => ({ ok: true, value: await this.audit.list(query as AuditQuery) }));
    this.runtime.respond(RPC.auditVerify, async () => ({ ok: true, value: await this.audit.verify() }));
  }
}
