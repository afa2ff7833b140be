const PSEUDONYM = /^Anon-[1-9]\d*$/;

/** The pseudonym of the n-th sensitive reporter of an organization: `Anon-7`. */
export function pseudonymFor(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`a pseudonym sequence is a positive integer, not ${sequence}`);
  }
  return `Anon-${sequence}`;
}

/** Whether a value is a pseudonym made by pseudonymFor. */
export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && PSEUDONYM.test(value);
}
