import type { RpcResult } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

/** Wraps an RPC answer: domain errors (OrgoError) travel back as data with their stable code; anything else propagates. */
export async function answerRpc<T>(work: () => T | Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof OrgoError) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  }
}
