/**
 * The delay before the attempt after attempt number `attempt` (1 = the first attempt failed), from
 * `delaysMs` (one entry per retry); null when the retries are spent and the failure is final.
 */
export function retryDelayMs(attempt: number, delaysMs: number[]): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, found ${attempt}`);
  return attempt <= delaysMs.length ? delaysMs[attempt - 1] : null;
}
