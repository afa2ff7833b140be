import { Inject, Injectable } from '@nestjs/common';
import type { RpcResult } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { MESSAGE_BUS, type MessageBus } from '@orgo/messaging';

const RPC_TIMEOUT_MS = 5000;

/** Calls a service over the bus and unwraps its answer; a domain error comes back as an OrgoError. */
@Injectable()
export class RpcClient {
  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async call<T>(name: string, payload: unknown, timeoutMs = RPC_TIMEOUT_MS): Promise<T> {
    const result = await this.bus.request<RpcResult<T>>(name, payload, timeoutMs);
    if (!result.ok) throw new OrgoError(result.error.code, result.error.message, result.error.details);
    return result.value;
  }
}
