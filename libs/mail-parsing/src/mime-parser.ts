import path from 'node:path';

import { OrgoError } from '@orgo/domain';
import { Piscina } from 'piscina';

import type { MimeMail, MimeParseOutcome } from './mime-parse-result';

export interface MimeParserOptions {
  /** A message whose parsing takes longer is stopped (its worker thread terminated). */
  timeoutMs: number;
  /** Worker threads parsing at once. */
  threads: number;
  /** Heap a worker may use; a message that needs more is stopped. */
  memoryMb: number;
  /** HTML longer than this is neither converted to text nor sanitized past this length. */
  maxHtmlLength: number;
}

const WORKER = path.join(__dirname, 'mime-parse.worker.mjs');

/**
 * mailparser (and sanitize-html) in a pool of worker threads, bounded in time and memory per
 * message: whatever a hostile or broken message does to the parser, the service goes on. Failures
 * come back as OrgoErrors whose codes are quarantine reasons.
 */
export class MimeParser {
  private readonly pool: Piscina<{ raw: Uint8Array; maxHtmlLength: number }, MimeParseOutcome>;

  constructor(private readonly options: MimeParserOptions) {
    this.pool = new Piscina({
      filename: WORKER,
      minThreads: 1,
      maxThreads: options.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
  }

  /** Parses raw RFC 822 bytes; throws OrgoError `EMAIL.PARSE_TIMEOUT`, `EMAIL.TOO_COMPLEX` or `EMAIL.UNPARSEABLE`. */
  async parse(raw: Buffer): Promise<MimeMail> {
    const seconds = this.options.timeoutMs / 1000;
    let outcome: MimeParseOutcome;
    try {
      outcome = await this.pool.run({ raw, maxHtmlLength: this.options.maxHtmlLength }, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const err = error as Error & { code?: string };
      if (err.name === 'AbortError') {
        throw new OrgoError('EMAIL.PARSE_TIMEOUT', `Parsing the message took longer than ${seconds} s and was stopped. If the message is genuine, raise parse_timeout in config/services/parser/ and replay it; otherwise leave it in quarantine.`, { retryable: false });
      }
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new OrgoError('EMAIL.TOO_COMPLEX', `Parsing the message needed more than ${this.options.memoryMb} MB and was stopped. If the message is genuine, raise parse_memory in config/services/parser/ and replay it.`, { retryable: false });
      }
      throw new OrgoError('EMAIL.UNPARSEABLE', `The parser stopped on this message (${err.message}). Keep it in quarantine and report it with its id.`, { retryable: false });
    }
    if (outcome.ok) return outcome.mail;
    if (outcome.code === 'EMAXLEN') {
      throw new OrgoError('EMAIL.TOO_COMPLEX', `The message's MIME structure is beyond the parser's limits (${outcome.message}). It is most likely malformed or hostile; ask the sender to send it again in a simpler form.`, { retryable: false });
    }
    throw new OrgoError('EMAIL.UNPARSEABLE', `The message could not be read as MIME (${outcome.message}). Ask the sender to send it again.`, { retryable: false });
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /** Nest calls this when the service stops. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
