import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EMAIL_IMPORT_RPC, type EmailAcceptRequestV1, type EmailAcceptResultV1, type RpcResult } from '@orgo/contracts';
import { TransactionRunner } from '@orgo/persistence';

import { RawMessageEntity } from '../raw-messages/raw-message.entity';
import { RawMessageService } from '../raw-messages/raw-message.service';

/** The sources a message offered over the bus may name: an archive import, or a web intake report. */
const OFFERED_SOURCES: readonly EmailAcceptRequestV1['source'][] = ['import', 'web_form'];

/**
 * Archive import (`orgo import`) and the web intake form (api-gateway): each message is offered over
 * the bus and takes the same acceptance path as mailbox mail — raw store, dedupe by Message-ID else
 * content hash, then `email.received`. The answer says whether it was new and when the stored copy
 * was accepted.
 */
@Controller()
export class ArchiveImportController {
  constructor(
    private readonly messages: RawMessageService,
    private readonly tx: TransactionRunner,
  ) {}

  @MessagePattern(EMAIL_IMPORT_RPC.accept)
  async accept(@Payload() request: EmailAcceptRequestV1): Promise<RpcResult<EmailAcceptResultV1>> {
    if (typeof request?.rawBase64 !== 'string' || typeof request.mailbox !== 'string' || !request.mailbox.includes('@')) {
      return { ok: false, error: { code: 'EMAIL.INVALID_IMPORT', message: 'An imported message needs rawBase64 and the role address (mailbox) it goes to' } };
    }
    const source = request.source ?? 'import';
    if (!OFFERED_SOURCES.includes(source)) {
      return { ok: false, error: { code: 'EMAIL.INVALID_IMPORT', message: `An offered message comes from one of ${OFFERED_SOURCES.join(', ')}, not '${String(source)}'` } };
    }
    const raw = Buffer.from(request.rawBase64, 'base64');
    const outcome = await this.messages.accept(raw, request.mailbox, source, { organization: request.organization ?? null });
    const stored = await this.tx.read((m) => m.findOne(RawMessageEntity, { where: { id: outcome.id }, select: ['id', 'receivedAt'] }));
    return { ok: true, value: { status: outcome.status, emailId: outcome.id, receivedAt: stored?.receivedAt ?? '' } };
  }
}
