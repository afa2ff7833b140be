import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EmailParsedV1 } from '@orgo/contracts';
import { TransactionRunner, runInBatches } from '@orgo/persistence';
import { KEY_RING, LOGGER } from '@orgo/runtime';
import { type KeyRing, isSealed, seal } from '@orgo/security';
import type { Logger } from 'pino';
import { type EntityManager, Like, Not } from 'typeorm';

import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { senderIndexOf } from './sender-index';

const BATCH = 200;
const UNSEALED = Not(Like('enc:v1:%'));

/** Seals a value written in clear; a sealed value or null stays as it is. */
const sealedOnce = (ring: KeyRing, value: string | null): string | null => (value === null || isSealed(value) ? value : seal(ring, value));

/**
 * Rows the parser wrote before it sealed identities (plaintext payloads, senders, subjects, raw
 * bytes) are sealed at start, with the sender's blind index filled in from the plaintext; sealed
 * values are told apart by their prefix, so running it again changes nothing. The migration that
 * made room for this cannot do it: it runs before the key ring is at hand.
 */
@Injectable()
export class PlaintextSealingJob implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.sealAll();
    if (sealed.parsed + sealed.quarantined > 0) this.logger.info(sealed, 'parsed and quarantined emails written before sealing are sealed now');
  }

  /** Rows sealed now, per table. */
  async sealAll(): Promise<{ parsed: number; quarantined: number }> {
    return { parsed: await this.inBatches((m) => this.sealParsed(m)), quarantined: await this.inBatches((m) => this.sealQuarantined(m)) };
  }

  private inBatches(step: (m: EntityManager) => Promise<number>): Promise<number> {
    return runInBatches(this.tx, BATCH, step);
  }

  private async sealParsed(m: EntityManager): Promise<number> {
    const rows = await m.find(ParsedEmailEntity, { where: { parsed: UNSEALED }, order: { emailId: 'ASC' }, take: BATCH });
    for (const row of rows) {
      const email = JSON.parse(row.parsed) as Partial<EmailParsedV1>;
      const senderIndex = row.senderIndex ?? senderIndexOf(this.keys, row.organization, email.from?.address);
      await m.update(ParsedEmailEntity, { emailId: row.emailId }, { parsed: seal(this.keys, row.parsed), senderIndex });
    }
    return rows.length;
  }

  private async sealQuarantined(m: EntityManager): Promise<number> {
    const where = [{ sender: UNSEALED }, { subject: UNSEALED }, { message: UNSEALED }, { rawBase64: UNSEALED }];
    const rows = await m.find(QuarantinedEmailEntity, { where, order: { emailId: 'ASC' }, take: BATCH });
    for (const row of rows) {
      const senderIndex = row.senderIndex ?? (row.sender && !isSealed(row.sender) ? senderIndexOf(this.keys, row.organization, row.sender) : null);
      await m.update(
        QuarantinedEmailEntity,
        { emailId: row.emailId },
        {
          sender: sealedOnce(this.keys, row.sender),
          senderIndex,
          subject: sealedOnce(this.keys, row.subject),
          message: isSealed(row.message) ? row.message : seal(this.keys, row.message),
          rawBase64: sealedOnce(this.keys, row.rawBase64),
        },
      );
    }
    return rows.length;
  }
}
