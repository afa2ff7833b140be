import type { SharedCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import type { ServiceName } from '@orgo/contracts';
import type { MessageBus } from '@orgo/messaging';
import type { DatabaseOptions } from '@orgo/persistence';
import type { KeyRing } from '@orgo/security';
import type { Logger } from 'pino';

/** The time source every service reads; tests inject their own. */
export type Clock = () => Date;

/** Readiness of one service, shown by /health/ready. */
export interface ReadinessReport {
  service: string;
  ready: boolean;
  details?: Record<string, unknown>;
}

/** Everything a service needs from the process that runs it: the same in both shapes. */
export interface ServiceContext {
  service: ServiceName;
  shape: 'standalone' | 'distributed';
  config: OrgoConfig;
  /** Standalone home (database files, raw mail, inbox, outbox); a data folder in the distributed shape. */
  home: string;
  database: DatabaseOptions;
  bus: MessageBus;
  logger: Logger;
  clock: Clock;
  /** Delays before each retry of a failed message, then the dead-letter queue. */
  retryDelaysMs: number[];
  /** HTTP listener, for the api-gateway. */
  http?: { host: string; port: number };
  /** Environment the process was started with (read here only, never elsewhere). */
  env: Record<string, string | undefined>;
  /** Readiness of the other services in this process, for the standalone shape's /health/ready. */
  readiness?: () => ReadinessReport[];
  /**
   * The cache shared with the other replicas (Redis in the distributed shape, memory in the
   * standalone one) for compiled rule sets and directories; a service given none keeps its own.
   */
  cache?: SharedCache;
  /** The key ring, when the process resolved it already; else each service resolves it from env, security files or home. */
  keys?: KeyRing;
}

/** The installation's key ring (`@orgo/security`): sealed values, blind indexes, the audit chain's keys. */
export const KEY_RING = Symbol('KEY_RING');

export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');
