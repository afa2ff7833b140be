import { Between, type EntityManager } from 'typeorm';

import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import type { SenderRateStore } from './sender-rate-limit';

/**
 * The rate limit's counts, from the parser's own tables, inside the caller's transaction. A sender
 * is their blind index (`senderIndexOf`): the tables hold no address to count by.
 */
export class SenderRateRepository implements SenderRateStore {
  constructor(private readonly manager: EntityManager) {}

  countAccepted(organization: string, senderIndex: string, since: string, until: string): Promise<number> {
    return this.manager.count(ParsedEmailEntity, { where: { organization, senderIndex, receivedAt: Between(since, until) } });
  }

  countLimited(organization: string, senderIndex: string, since: string, until: string): Promise<number> {
    return this.manager.count(QuarantinedEmailEntity, { where: { organization, senderIndex, reason: 'EMAIL.RATE_LIMITED', receivedAt: Between(since, until) } });
  }
}
