import type { RpcResult } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

/** Wraps an RPC answer: domain errors travel back as data with their stable code. */
export async function answer<T>(work: () => Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof OrgoError) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  }
}
