/** One Server-Sent Events message as a client sees it: a comment-only message has `comment` set and no event. */
export interface EventStreamMessage {
  event: string | null;
  id: string | null;
  data: string | null;
  comment: string | null;
}

/**
 * Reads a `text/event-stream` with Node's fetch, message by message (for specs of SSE endpoints):
 * `next` waits for the next message that matches, `close` disconnects as a browser leaving does.
 */
export class EventStreamReader {
  private buffer = '';
  private readonly queued: EventStreamMessage[] = [];
  private readonly decoder = new TextDecoder();
  private streamReader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** A read still waiting for bytes when `next` gave up: the next call waits on it again. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {}

  /** Connects; a non-200 answer is returned as is (read `response`), without a stream to read. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    return new EventStreamReader(response, controller);
  }

  /** The next message `accept` takes (the others are passed over), or an error after `timeoutMs`. */
  async next(accept: (m: EventStreamMessage) => boolean = () => true, timeoutMs = 10_000): Promise<EventStreamMessage> {
    const reader = this.reader();
    const end = Date.now() + timeoutMs;
    for (;;) {
      while (this.queued.length > 0) {
        const message = this.queued.shift()!;
        if (accept(message)) return message;
      }
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no matching event-stream message within ${timeoutMs} ms; unread: ${JSON.stringify(this.buffer.slice(0, 500))}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
      const chunk = await Promise.race([this.pending ?? (this.pending = reader.read()), timeout]).finally(() => clearTimeout(timer));
      if (chunk === 'timeout') continue;
      this.pending = undefined;
      if (chunk.done) throw new Error('the event stream ended before a matching message came');
      this.take(this.decoder.decode(chunk.value, { stream: true }));
    }
  }

  /** Every message that matches, until `count` of them came. */
  async collect(count: number, accept: (m: EventStreamMessage) => boolean, timeoutMs = 10_000): Promise<EventStreamMessage[]> {
    const end = Date.now() + timeoutMs;
    const found: EventStreamMessage[] = [];
    while (found.length < count) found.push(await this.next(accept, Math.max(1, end - Date.now())));
    return found;
  }

  close(): void {
    this.controller.abort();
  }

  private reader(): ReadableStreamDefaultReader<Uint8Array> {
    if (!this.response.body) throw new Error(`no event stream: the answer was ${this.response.status}`);
    return (this.streamReader ??= this.response.body.getReader());
  }

  /** Splits what came into messages (a blank line ends one), as the EventSource parser does. */
  private take(text: string): void {
    this.buffer += text.replace(/\r\n?/g, '\n');
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: EventStreamMessage = { event: null, id: null, data: null, comment: null };
      for (const line of block.split('\n')) {
        if (line === '') continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === '') message.comment = message.comment === null ? value : `${message.comment}\n${value}`;
        else if (field === 'event') message.event = value;
        else if (field === 'id') message.id = value;
        else if (field === 'data') message.data = message.data === null ? value : `${message.data}\n${value}`;
      }
      if (message.event !== null || message.id !== null || message.data !== null || message.comment !== null) this.queued.push(message);
    }
  }
}
