import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TransactionRunner, runInBatches } from '@orgo/persistence';
import { KEY_RING, LOGGER } from '@orgo/runtime';
import { type KeyRing, seal } from '@orgo/security';
import type { Logger } from 'pino';
import { type EntityManager, Like, Not } from 'typeorm';

import { RawMessageEntity } from './raw-message.entity';

const BATCH = 100;

/**
 * Raw messages stored before the gateway sealed them (plain base64) are sealed at start; a sealed
 * value is told apart by its prefix, so running it again changes nothing.
 */
@Injectable()
export class RawMessageSealingJob implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.sealAll();
    if (sealed > 0) this.logger.info({ sealed }, 'raw messages stored before sealing are sealed now');
  }

  /** Rows sealed now. */
  sealAll(): Promise<number> {
    return runInBatches(this.tx, BATCH, (m) => this.sealBatch(m));
  }

  private async sealBatch(m: EntityManager): Promise<number> {
    const rows = await m.find(RawMessageEntity, { where: { raw: Not(Like('enc:v1:%')) }, select: ['id', 'raw'], order: { id: 'ASC' }, take: BATCH });
    for (const row of rows) await m.update(RawMessageEntity, { id: row.id }, { raw: seal(this.keys, row.raw) });
    return rows.length;
  }
}
