import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { type AuditOutcomesQueryV1, type AuditOutcomesResultV1, type AuditVerifyQueryV1, type AuditVerifyResultV1, RPC, type RpcResult, TOPIC_PATTERNS } from '@orgo/contracts';
import { BusContext, type EventOutcome, answerRpc } from '@orgo/runtime';

import { type AuditQuery, AuditService } from './audit.service';

/**
 * Consumes every message (`#`, queue `orgo.audit-log`; batches one after another, see service.ts)
 * and answers the API's audit requests.
 */
@Controller()
export class AuditConsumer {
  constructor(private readonly audit: AuditService) {}

  @EventPattern(TOPIC_PATTERNS.everything)
  message(@Ctx() context: BusContext): Promise<EventOutcome> {
    return this.audit.append(context.envelope, context.manager);
  }

  @MessagePattern(RPC.auditList)
  async list(@Payload() query: AuditQuery): Promise<RpcResult<Awaited<ReturnType<AuditService['list']>>>> {
    return { ok: true, value: await this.audit.list(query) };
  }

  @MessagePattern(RPC.auditOutcomes)
  outcomes(@Payload() query: AuditOutcomesQueryV1): Promise<RpcResult<AuditOutcomesResultV1>> {
    return answerRpc(() => this.audit.outcomes(query));
  }

  @MessagePattern(RPC.auditVerify)
  async verify(@Payload() query: AuditVerifyQueryV1): Promise<RpcResult<AuditVerifyResultV1>> {
    return { ok: true, value: await this.audit.verify({ organization: query?.organization, category: query?.category }) };
  }
}
