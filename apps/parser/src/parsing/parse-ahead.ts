import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ParserSettings } from '@orgo/config';
import { type EmailReceivedV1, ROUTING_KEYS } from '@orgo/contracts';
import { type MimeMail, MimeParser } from '@orgo/mail-parsing';
import { ServiceRuntime } from '@orgo/runtime';

import { PARSER_SETTINGS } from './parser-settings.provider';

/** At most this many parses are kept waiting for their message's turn (the queue's prefetch is far below). */
const MAX_WAITING = 200;

/**
 * Starts parsing each `email.received` as it is delivered, so the messages of a batch are parsed in
 * parallel on the parse threads while the batch's transaction handles them one after another; the
 * intake takes the parse of its message from here (or parses it itself: a replay, a message whose
 * parse was evicted). Nothing is decided here: a parse that fails is the intake's to judge.
 */
@Injectable()
export class ParseAhead implements OnModuleInit {
  private readonly waiting = new Map<string, Promise<MimeMail>>();

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly mime: MimeParser,
    @Inject(PARSER_SETTINGS) private readonly settings: ParserSettings,
  ) {}

  onModuleInit(): void {
    this.runtime.onDelivered((envelope) => {
      // A message for no organization is quarantined unparsed.
      if (envelope.type !== ROUTING_KEYS.emailReceived || !envelope.organizationId) return;
      const received = envelope.payload as EmailReceivedV1;
      if (typeof received?.emailId !== 'string' || typeof received.rawBase64 !== 'string') return;
      this.start(received.emailId, Buffer.from(received.rawBase64, 'base64'));
    });
  }

  /** Begins the parse of one message (not one over the size limit: the intake refuses it unparsed). */
  start(emailId: string, raw: Buffer): void {
    if (this.waiting.has(emailId) || raw.length > this.settings.maxMessageBytes) return;
    const parse = this.mime.parse(raw);
    parse.catch(() => undefined); // judged when taken
    this.waiting.set(emailId, parse);
    if (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value as string);
  }

  /** The parse started for this message, once (undefined when none was). */
  take(emailId: string): Promise<MimeMail> | undefined {
    const parse = this.waiting.get(emailId);
    this.waiting.delete(emailId);
    return parse;
  }
}
