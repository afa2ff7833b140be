/**
 * Delays between reconnection attempts: doubling from `initialMs` up to `maxMs`, with up to a
 * fifth of random jitter so many mailboxes of one server do not reconnect in step.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.min(this.maxMs, Math.round(base * (1 + 0.2 * this.random())));
  }

  /** The longest delay, for failures that will not go away by themselves (a wrong password). */
  longest(): number {
    this.attempt++;
    return this.maxMs;
  }

  /** A working connection starts the count again. */
  reset(): void {
    this.attempt = 0;
  }

  get failures(): number {
    return this.attempt;
  }
}
