import { BaseRpcContext } from '@nestjs/microservices';
import type { Envelope } from '@orgo/contracts';
import type { EntityManager } from 'typeorm';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the delivered envelope (ids, routing key,
 * correlation) and the transaction its effects commit in, together with the message's inbox row
 * and any outbox rows it adds (exactly once per message).
 */
export class BusContext<P = unknown> extends BaseRpcContext<[Envelope<P>, EntityManager]> {
  /** The delivered message. */
  get envelope(): Envelope<P> {
    return this.args[0];
  }

  /** The transaction of the message (and of the others handled in the same batch). */
  get manager(): EntityManager {
    return this.args[1];
  }
}

/** What a `@MessagePattern` handler (an RPC responder) gets with `@Ctx()`: the request's name. */
export class BusRequestContext extends BaseRpcContext<[string]> {
  get name(): string {
    return this.args[0];
  }
}
