/**
 * The one envelope every message on the bus travels in (SPEC §2 Messaging). The envelope is
 * validated on receipt by every consumer; the payload is typed through `MessageMap`.
 */
import { randomUUID } from 'node:crypto';

export interface Envelope<P = unknown> {
  /** Unique message id: the idempotency key of every consumer's inbox. */
  id: string;
  /** The routing key, e.g. `email.parsed`, `task.maintenance.created`. */
  type: string;
  /** Payload schema version. */
  version: number;
  /** ISO-8601 time the fact happened. */
  occurredAt: string;
  /** The service that produced the message. */
  producer: string;
  /** The organization's slug, or null before an organization is known. */
  organizationId: string | null;
  /** The originating email or request: stays the same along a whole chain of messages. */
  correlationId: string;
  /** The id of the message that caused this one (its own id for the first). */
  causationId: string;
  payload: P;
}

export interface EnvelopeOrigin {
  producer: string;
  organizationId?: string | null;
  /** The message this one is a consequence of; its correlation id is carried on. */
  cause?: Pick<Envelope, 'id' | 'correlationId'>;
  /** A correlation id for the first message of a chain (defaults to the new id). */
  correlationId?: string;
  occurredAt?: Date;
  version?: number;
}

export function createEnvelope<P>(type: string, payload: P, origin: EnvelopeOrigin): Envelope<P> {
  const id = randomUUID();
  const correlationId = origin.cause?.correlationId ?? origin.correlationId ?? id;
  return {
    id,
    type,
    version: origin.version ?? 1,
    occurredAt: (origin.occurredAt ?? new Date()).toISOString(),
    producer: origin.producer,
    organizationId: origin.organizationId ?? null,
    correlationId,
    causationId: origin.cause?.id ?? id,
    payload,
  };
}

/** Returns the problems with a received envelope; empty when it is well formed. */
export function envelopeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the message is not an object'];
  const env = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['id', 'type', 'occurredAt', 'producer', 'correlationId', 'causationId']) {
    if (typeof env[key] !== 'string' || (env[key] as string).length === 0) problems.push(`${key} must be a non-empty string`);
  }
  if (!Number.isInteger(env.version) || (env.version as number) < 1) problems.push('version must be a positive integer');
  if (env.organizationId !== null && typeof env.organizationId !== 'string') {
    problems.push('organizationId must be a string or null');
  }
  if (typeof env.occurredAt === 'string' && Number.isNaN(Date.parse(env.occurredAt))) {
    problems.push('occurredAt must be an ISO-8601 time');
  }
  if (typeof env.payload !== 'object' || env.payload === null) problems.push('payload must be an object');
  return problems;
}
