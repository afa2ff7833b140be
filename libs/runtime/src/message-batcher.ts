import type { Envelope } from '@orgo/contracts';
import type { HandlerOutcome } from '@orgo/messaging';

interface Waiting {
  envelope: Envelope;
  resolve: (outcome: HandlerOutcome) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** At most this many messages in one transaction (the queue's prefetch). */
  maxSize: number;
  /** How long the first message of a batch waits for company. */
  maxWaitMs: number;
  /** One batch at a time (the audit trail, whose entries chain one after another). */
  serial: boolean;
}

/**
 * Gathers the messages a consumer has been delivered into batches handled in one transaction each:
 * one commit for many messages, the difference between tens and hundreds of emails per second. A
 * batch that fails is handled again message by message, so one bad message fails only itself and
 * is retried or dead-lettered on its own.
 */
export class MessageBatcher {
  private pending: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private running = 0;

  constructor(
    private readonly handleBatch: (envelopes: Envelope[]) => Promise<HandlerOutcome[]>,
    private readonly handleOne: (envelope: Envelope) => Promise<HandlerOutcome>,
    private readonly options: BatcherOptions,
  ) {}

  submit(envelope: Envelope): Promise<HandlerOutcome> {
    return new Promise<HandlerOutcome>((resolve, reject) => {
      this.pending.push({ envelope, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.options.serial && this.running > 0) return;
    if (this.pending.length >= this.options.maxSize) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.maxWaitMs);
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || (this.options.serial && this.running > 0)) return;
    const batch = this.pending.splice(0, this.options.maxSize);
    this.running++;
    try {
      if (batch.length > 1) {
        try {
          const outcomes = await this.handleBatch(batch.map((w) => w.envelope));
          batch.forEach((w, i) => w.resolve(outcomes[i]));
          return;
        } catch {
          // Fall through: each message on its own.
        }
      }
      for (const waiting of batch) {
        try {
          waiting.resolve(await this.handleOne(waiting.envelope));
        } catch (error) {
          waiting.reject(error);
        }
      }
    } finally {
      this.running--;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
