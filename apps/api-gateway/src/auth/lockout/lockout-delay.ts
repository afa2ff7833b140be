/** How failed sign-ins lock an account: free attempts, then locks that double up to a cap. */
export interface LockoutPolicy {
  freeAttempts: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * The lock after `failures` wrong passwords or codes in a row: none while within the free
 * attempts, then 1 s, 2 s, 4 s … (with the default policy) up to the cap.
 */
export function lockoutDelaySeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.freeAttempts) return 0;
  const doublings = Math.min(failures - policy.freeAttempts, 30);
  return Math.min(policy.firstDelaySeconds * 2 ** doublings, policy.maxDelaySeconds);
}

/** Whole seconds until `lockedUntil` (at least 1 while it is in the future), 0 when it has passed. */
export function secondsUntil(lockedUntil: string | null, now: Date): number {
  if (!lockedUntil) return 0;
  const ms = Date.parse(lockedUntil) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}
