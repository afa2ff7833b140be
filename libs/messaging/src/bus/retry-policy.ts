import { OrgoError } from '@orgo/domain';

/**
 * Failure policy, explicit: an error whose code says the input itself is wrong (a validation error,
 * an unknown organization) can never succeed and goes straight to the dead-letter queue; anything
 * else (a database hiccup, a timeout) is retried with growing delays.
 */
const NON_RETRYABLE_SUFFIXES = ['.INVALID', '.MALFORMED', '.UNKNOWN_ORGANIZATION', '.UNSUPPORTED_VERSION'];

export function isRetryable(error: Error): boolean {
  if (error instanceof OrgoError) {
    if ((error.details as { retryable?: boolean } | undefined)?.retryable === false) return false;
    return !NON_RETRYABLE_SUFFIXES.some((suffix) => error.code.endsWith(suffix));
  }
  return true;
}

/** Default delays before each retry: 1 s, 10 s, 1 min, 10 min (SPEC §2), then the dead-letter queue. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 10_000, 60_000, 600_000];
