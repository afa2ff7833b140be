import os from 'node:os';

import type { ServiceName } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

/**
 * The services the standalone shape runs in its service thread, in their start order; the main
 * thread keeps the others, the bus and the API's listener. Measured with the realistic bench
 * (ADR 0009): the intake, parsing, routing and the audit trail against the tasks, timers,
 * notifications and the API.
 */
export const SERVICE_THREAD_GROUP: readonly ServiceName[] = ['email-gateway', 'parser', 'rule-engine', 'audit-log'];

export interface ThreadPlanInput {
  env: Record<string, string | undefined>;
  /** A clock injected by a test: a function, which cannot cross to another thread. */
  clock?: unknown;
  /** What the service thread is given, by name (config, env, retry delays): plain data only. */
  data: Record<string, unknown>;
  /** Cores this machine offers (`os.availableParallelism()`). */
  cores?: number;
}

export interface ThreadPlan {
  /** The services of the service thread; empty when everything runs on the main thread. */
  thread: ServiceName[];
  /** Why, for the start log. */
  reason: string;
}

/**
 * Whether the standalone services run on two threads: by default when the machine has more than
 * one core; `ORGO_STANDALONE_THREADS=1` keeps them all on the main thread (`2` asks for two).
 * An injected clock, or anything else that cannot be handed to a thread, keeps them on one.
 */
export function threadPlan(input: ThreadPlanInput): ThreadPlan {
  const setting = input.env.ORGO_STANDALONE_THREADS?.trim();
  if (setting !== undefined && setting !== '' && setting !== '1' && setting !== '2') {
    throw new OrgoError('CONFIG.INVALID', `ORGO_STANDALONE_THREADS must be 1 (every service on the main thread) or 2 (a service thread beside it), found '${setting}'`);
  }
  const one = (reason: string): ThreadPlan => ({ thread: [], reason });
  if (setting === '1') return one('ORGO_STANDALONE_THREADS=1');
  if (input.clock !== undefined) return one('a clock is injected (it cannot cross threads)');
  const odd = Object.entries(input.data)
    .map(([name, value]) => notPlainData(value, name))
    .find(Boolean);
  if (odd) return one(`${odd} cannot be handed to a thread`);
  const cores = input.cores ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  if (setting !== '2' && cores < 2) return one('one core');
  return { thread: [...SERVICE_THREAD_GROUP], reason: setting === '2' ? 'ORGO_STANDALONE_THREADS=2' : `${cores} cores` };
}

/**
 * The path of the first value that is not plain data (a function, a class instance, a symbol),
 * or undefined: structured clone copies plain data exactly and class instances without their class.
 */
export function notPlainData(value: unknown, at: string): string | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') return at;
  if (value === null || typeof value !== 'object') return undefined;
  if (value instanceof Date) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return at;
  for (const [key, item] of Object.entries(value)) {
    const found = notPlainData(item, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}
