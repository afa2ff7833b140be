import { Injectable } from '@nestjs/common';
import { type FixedMessageMap, type SecurityEventV1, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import { ServiceRuntime } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

/** The `security.*` routing keys (audit category security). */
export type SecurityRoutingKey = { [K in keyof FixedMessageMap]: FixedMessageMap[K] extends SecurityEventV1 ? K : never }[keyof FixedMessageMap];

export type EmitSecurityEvent = (key: SecurityRoutingKey, event: SecurityEventV1) => Promise<void>;

/**
 * Security audit events through the api-gateway's outbox, in the same transaction as the change
 * they record (a lockout, a revoked session, a permission); published once it commits.
 */
@Injectable()
export class SecurityEvents {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
  ) {}

  async transaction<T>(work: (manager: EntityManager, emit: EmitSecurityEvent) => Promise<T>): Promise<T> {
    let emitted = false;
    const result = await this.tx.run((manager) =>
      work(manager, async (key, event) => {
        emitted = true;
        await addToOutbox(manager, createEnvelope(key, event, { producer: 'api-gateway' }));
      }),
    );
    if (emitted) this.runtime.flushOutbox();
    return result;
  }
}
