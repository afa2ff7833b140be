import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  EMAIL_READ_RPC,
  type EmailRawQueryV1,
  type EmailRawV1,
  type EmailStoredQueryV1,
  type EmailStoredV1,
  ROUTING_KEYS,
  type RawEmailReadV1,
  type RpcResult,
  createEnvelope,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { KEY_RING, LOGGER, ServiceRuntime, answerRpc } from '@orgo/runtime';
import { type KeyRing, isSealed, unseal } from '@orgo/security';
import type { Logger } from 'pino';

import { RawMessageEntity } from './raw-message.entity';

const notFound = (id: string) => new OrgoError('EMAIL.NOT_FOUND', `No email '${id}' that you may read`);

/**
 * The API's reads of the raw message store (`GET /api/v1/emails/{id}[/raw]`): what is stored of an
 * email (`rpc.email.stored`, no bytes), and the bytes themselves (`rpc.email.raw`), handed out only
 * with a `security.email.raw_read` audit event put in the outbox first (who, which email, sensitive
 * or not, why). Who may read is the API's decision; the scope is checked here again.
 */
@Controller()
export class RawMessageReadConsumer {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(EMAIL_READ_RPC.stored)
  stored(@Payload() query: EmailStoredQueryV1): Promise<RpcResult<EmailStoredV1>> {
    return answerRpc(async () => {
      const id = String(query?.id ?? '');
      const select: (keyof RawMessageEntity)[] = ['id', 'organization', 'mailbox', 'source', 'size', 'receivedAt'];
      const row = await this.tx.read((m) => m.findOne(RawMessageEntity, { where: { id }, select }));
      if (!row || !inScope(query.scope, row.organization)) throw notFound(id);
      return { id: row.id, organization: row.organization, mailbox: row.mailbox, source: row.source, size: row.size, received_at: row.receivedAt };
    });
  }

  @MessagePattern(EMAIL_READ_RPC.raw)
  raw(@Payload() query: EmailRawQueryV1): Promise<RpcResult<EmailRawV1>> {
    return answerRpc(async () => {
      const id = String(query?.id ?? '');
      const answer = await this.tx.run(async (m) => {
        const row = await m.findOne(RawMessageEntity, { where: { id }, select: ['id', 'organization', 'size', 'raw'] });
        if (!row || !inScope(query.scope, row.organization)) throw notFound(id);
        const audit: RawEmailReadV1 = { emailId: row.id, actor: query.actor.email, actorId: query.actor.id, sensitive: query.sensitive === true, reason: query.reason ?? null };
        await addToOutbox(m, createEnvelope(ROUTING_KEYS.securityRawEmailRead, audit, { producer: 'email-gateway', organizationId: row.organization }));
        return { id: row.id, organization: row.organization, size: row.size, rawBase64: isSealed(row.raw) ? unseal(this.keys, row.raw) : row.raw };
      });
      this.runtime.flushOutbox();
      this.logger.warn({ emailId: id, actorId: query.actor.id, sensitive: query.sensitive === true }, 'raw message handed out');
      return answer;
    });
  }
}

function inScope(scope: string[] | null, organization: string | null): boolean {
  return scope === null || scope.includes(organization ?? '');
}
