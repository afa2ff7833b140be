import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AttachmentContentQueryV1,
  type AttachmentContentV1,
  RPC,
  type RpcResult,
} from '@orgo/contracts';
import { TransactionRunner } from '@orgo/persistence';
import { KEY_RING, answerRpc } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';

import { readAttachmentContent } from './attachment-contents';

/**
 * Answers `rpc.attachment.content`: the bytes of an email attachment by content hash. Only the API
 * asks, after the task-service said the caller may see a task with that attachment.
 */
@Controller()
export class AttachmentContentConsumer {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(KEY_RING) private readonly keys: KeyRing,
  ) {}

  @MessagePattern(RPC.attachmentContent)
  content(@Payload() query: AttachmentContentQueryV1): Promise<RpcResult<AttachmentContentV1>> {
    return answerRpc(() =>
      this.tx.read((m) => readAttachmentContent(m, this.keys, String(query?.sha256 ?? ''))),
    );
  }
}
