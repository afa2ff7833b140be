import { Inject, Injectable } from '@nestjs/common';
import { ROUTING_KEYS, type WebFormSubmittedV1, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { KEY_RING, ServiceRuntime } from '@orgo/runtime';
import { type KeyRing, followUpCodeHash, normalizeFollowUpCode, sameCodeHash, seal, unseal } from '@orgo/security';

import { INTAKE_KEYS, type IntakeKeys } from '../intake-keys';
import type { ReportSender } from '../report-message';
import { IntakeReceiptEntity } from './intake-receipt.entity';

export interface IntakeReceipt {
  organization: string;
  role: string;
  mailbox: string;
  emailId: string;
  messageId: string;
  anonymous: boolean;
  sender: ReportSender;
  submittedAt: string;
}

/**
 * Receipts of web reports by a keyed hash of their follow-up code, and the audit event of every
 * submission, written in one transaction (the event through the outbox).
 */
@Injectable()
export class IntakeReceiptsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(KEY_RING) private readonly ring: KeyRing,
    @Inject(INTAKE_KEYS) private readonly keys: IntakeKeys,
  ) {}

  /** Stores a new report's receipt under `code` (canonical form) and audits it. */
  async record(code: string, receipt: IntakeReceipt, event: WebFormSubmittedV1): Promise<void> {
    await this.tx.run(async (m) => {
      await m.insert(IntakeReceiptEntity, {
        codeHash: followUpCodeHash(this.keys.receipt, code),
        organization: receipt.organization,
        role: receipt.role,
        mailbox: receipt.mailbox,
        emailId: receipt.emailId,
        messageId: receipt.messageId,
        anonymous: receipt.anonymous,
        sender: seal(this.ring, JSON.stringify(receipt.sender)),
        submittedAt: receipt.submittedAt,
      });
      await addToOutbox(m, submitted(event));
    });
    this.runtime.flushOutbox();
  }

  /** Audits a follow-up (no receipt of its own). */
  async audit(event: WebFormSubmittedV1): Promise<void> {
    await this.tx.run((m) => addToOutbox(m, submitted(event)));
    this.runtime.flushOutbox();
  }

  /** The receipt of a typed code, or null for a malformed or unknown one (the same answer either way). */
  async find(typed: unknown): Promise<IntakeReceipt | null> {
    const code = normalizeFollowUpCode(typed);
    // A malformed code is hashed too, so a wrong code of any shape costs the same.
    const hash = followUpCodeHash(this.keys.receipt, code ?? 'invalid');
    const row = await this.tx.read((m) => m.findOne(IntakeReceiptEntity, { where: { codeHash: hash } }));
    if (!code || !row || !sameCodeHash(row.codeHash, hash)) return null;
    return {
      organization: row.organization,
      role: row.role,
      mailbox: row.mailbox,
      emailId: row.emailId,
      messageId: row.messageId,
      anonymous: Boolean(row.anonymous),
      sender: JSON.parse(unseal(this.ring, row.sender)) as ReportSender,
      submittedAt: row.submittedAt,
    };
  }
}

/** The audit event of a submission, correlated with the email it became. */
function submitted(event: WebFormSubmittedV1) {
  return createEnvelope(ROUTING_KEYS.emailWebFormSubmitted, event, { producer: 'api-gateway', organizationId: event.organization, correlationId: event.emailId });
}
