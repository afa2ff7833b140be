import { Inject, Injectable } from '@nestjs/common';
import { type IdentityRevealRequestV1, type IdentityRevealResponseV1, type IdentityRevealedV1, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { CLOCK, type Clock, KEY_RING, LOGGER, ServiceRuntime } from '@orgo/runtime';
import { type KeyRing, unseal } from '@orgo/security';
import type { Logger } from 'pino';

import { PseudonymEntity } from './pseudonym.entity';
import { SensitiveReportEntity } from './sensitive-report.entity';

/**
 * A privacy officer's reveal (SPEC §6): the identity behind a pseudonym and the original text of the
 * task's email, answered only with a reason, and recorded in the same transaction as a security audit
 * event that names who asked, when, why and which task — never the identity.
 */
@Injectable()
export class IdentityRevealService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async reveal(request: IdentityRevealRequestV1): Promise<IdentityRevealResponseV1> {
    const reason = request.reason?.trim() ?? '';
    if (reason.length < 10) {
      throw new OrgoError('PRIVACY.REASON_REQUIRED', 'A reveal needs a reason of at least 10 characters (the legal ground or the case it serves); it is kept in the security audit trail');
    }
    const answer = await this.tx.run(async (manager) => {
      const row = await manager.findOne(PseudonymEntity, { where: { organization: request.organization, pseudonym: request.pseudonym } });
      if (!row) throw new OrgoError('PRIVACY.UNKNOWN_PSEUDONYM', `Organization '${request.organization}' has no reporter '${request.pseudonym}'`);
      const identity = JSON.parse(unseal(this.keys, row.identity)) as { address: string; name: string | null };
      const report = request.emailId ? await manager.findOne(SensitiveReportEntity, { where: { emailId: request.emailId, organization: request.organization } }) : null;
      const original = report ? (JSON.parse(unseal(this.keys, report.original)) as { subject: string; text: string }) : null;
      const revealedAt = this.clock().toISOString();
      const audit: IdentityRevealedV1 = {
        taskId: request.taskId,
        taskKey: request.taskKey,
        pseudonym: request.pseudonym,
        reason,
        actor: request.actor.email,
        actorId: request.actor.id,
      };
      await addToOutbox(manager, createEnvelope(ROUTING_KEYS.identityRevealed, audit, { producer: 'rule-engine', organizationId: request.organization }));
      return { pseudonym: row.pseudonym, address: identity.address, name: identity.name, original_text: original?.text ?? null, revealed_at: revealedAt };
    });
    this.runtime.flushOutbox();
    this.logger.warn({ taskId: request.taskId, pseudonym: request.pseudonym, actorId: request.actor.id }, 'identity revealed to a privacy officer');
    return answer;
  }
}
