import type { Envelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import type { ConsumeOptions, DeadLetterSink, HandlerOutcome, MessageBus, MessageHandler, QueueSpec, RpcHandler } from '../bus/message-bus';
import { PortPeer, type PortLike, type WireError, errorFromWire, errorToWire } from './thread-port';

interface Consumer {
  handler: MessageHandler;
  deadLetters: DeadLetterSink;
}

/** A port a ThreadBus may close when it closes (a worker_threads `MessagePort`). */
type ClosablePort = PortLike & { close?: () => void };

/**
 * The bus of services running in a worker thread of the standalone process: every call goes over a
 * port to the one `InProcessBus` on the main thread (`serveThreadBus`), which keeps every queue,
 * retry, dead letter, RPC responder and its idle tracking. A queue this thread consumes is
 * consumed on the main bus by a forwarder that posts each delivery here and settles with this
 * thread's outcome — acknowledged only once the handler (and its transaction) finished, retried or
 * dead-lettered by the main bus from the handler's error, which crosses as an OrgoError with its
 * code, message and details (`retryable` included). The dead-letter sink runs here, in the
 * consuming service's database. `publish` resolves when the main bus's does: every bound queue,
 * in either thread, acknowledged the message.
 */
export class ThreadBus implements MessageBus {
  private readonly peer: PortPeer;
  private readonly consumers = new Map<string, Consumer>();
  private readonly responders = new Map<string, RpcHandler>();
  private inFlight = 0;
  private consuming = true;
  private closed = false;

  constructor(private readonly port: ClosablePort) {
    this.peer = new PortPeer(port);
    this.peer.handle('deliver', (body) => {
      const { queue, envelope } = body as { queue: string; envelope: Envelope };
      return this.deliver(queue, envelope);
    });
    this.peer.handle('dead-letter', (body) => {
      const { queue, envelope, error, attempts } = body as { queue: string; envelope: Envelope; error: WireError; attempts: number };
      const consumer = this.consumers.get(queue);
      if (!consumer) throw new OrgoError('BUS.NOT_CONSUMING', `This thread does not consume '${queue}' (any more); the dead letter stays unacknowledged`);
      return consumer.deadLetters(queue, envelope, errorFromWire(error), attempts);
    });
    this.peer.handle('rpc', (body) => {
      const { name, payload } = body as { name: string; payload: unknown };
      const responder = this.responders.get(name);
      if (!responder) throw new OrgoError('RPC.UNAVAILABLE', `No service answers '${name}' right now; try again shortly`);
      return responder(payload);
    });
  }

  declareQueue(spec: QueueSpec): Promise<void> {
    return this.send('declareQueue', spec);
  }

  consume(queue: string, handler: MessageHandler, deadLetters: DeadLetterSink, options: ConsumeOptions = {}): Promise<void> {
    this.consumers.set(queue, { handler, deadLetters });
    return this.send('consume', { queue, options });
  }

  publish(envelope: Envelope): Promise<void> {
    return this.send('publish', envelope);
  }

  sendToQueue(queue: string, envelope: Envelope): Promise<void> {
    return this.send('sendToQueue', { queue, envelope });
  }

  respond(name: string, handler: RpcHandler): Promise<void> {
    this.responders.set(name, handler);
    return this.send('respond', { name });
  }

  request<T>(name: string, payload: unknown, timeoutMs: number): Promise<T> {
    return this.send<T>('request', { name, payload, timeoutMs });
  }

  /**
   * Takes no new deliveries (each is refused with a retryable error, so the main bus keeps it) and
   * waits up to `graceMs` for those in flight. The main bus's own `stopConsuming` is the one that
   * stops delivering; the launcher calls it first.
   */
  async stopConsuming(graceMs = 10_000): Promise<void> {
    this.consuming = false;
    const end = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  /** Stops consuming, waits for the messages in flight, closes the port (the main side then refuses to deliver here). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stopConsuming();
    this.closed = true;
    this.peer.close(new OrgoError('BUS.CLOSED', 'The bus is closing; publish again later'));
    this.port.close?.();
  }

  private send<T = void>(op: string, body: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new OrgoError('BUS.CLOSED', 'The bus is closing; publish again later'));
    return this.peer.call<T>(op, body);
  }

  private async deliver(queue: string, envelope: Envelope): Promise<HandlerOutcome> {
    const consumer = this.consumers.get(queue);
    if (!consumer || !this.consuming) throw new OrgoError('BUS.NOT_CONSUMING', `This thread takes no more messages from '${queue}'; the message stays queued`);
    this.inFlight++;
    try {
      return await consumer.handler(envelope);
    } finally {
      this.inFlight--;
    }
  }
}

/** The main side of a ThreadBus: what `serveThreadBus` returns. */
export interface ThreadBusServer {
  /** Forgets the thread (it stopped): deliveries to it and requests to its responders fail from now on. */
  close(reason?: Error): void;
}

/**
 * Serves a worker thread's `ThreadBus` from this thread's bus (the standalone process's
 * `InProcessBus`): the thread's queues are consumed here by forwarders that post each delivery
 * and dead letter to the thread and settle with its outcome; its RPC responders are registered here
 * as forwarders too; its publishes, requests and declarations go to this bus. While a delivery is
 * in the thread it counts as in flight here, so `whenIdle` covers the thread's work.
 */
export function serveThreadBus(port: PortLike, bus: MessageBus): ThreadBusServer {
  const peer = new PortPeer(port);
  peer.handle('declareQueue', (spec) => bus.declareQueue(spec as QueueSpec));
  peer.handle('consume', (body) => {
    const { queue, options } = body as { queue: string; options: ConsumeOptions };
    return bus.consume(
      queue,
      (envelope) => peer.call<HandlerOutcome>('deliver', { queue, envelope }),
      (deadQueue, envelope, error, attempts) => peer.call<void>('dead-letter', { queue: deadQueue, envelope, error: errorToWire(error), attempts }),
      options,
    );
  });
  peer.handle('publish', (envelope) => bus.publish(envelope as Envelope));
  peer.handle('sendToQueue', (body) => {
    const { queue, envelope } = body as { queue: string; envelope: Envelope };
    return bus.sendToQueue(queue, envelope);
  });
  peer.handle('respond', (body) => {
    const { name } = body as { name: string };
    return bus.respond(name, (payload) =>
      peer.isClosed ? Promise.reject(new OrgoError('RPC.UNAVAILABLE', `No service answers '${name}' right now; try again shortly`)) : peer.call('rpc', { name, payload }),
    );
  });
  peer.handle('request', (body) => {
    const { name, payload, timeoutMs } = body as { name: string; payload: unknown; timeoutMs: number };
    return bus.request(name, payload, timeoutMs);
  });
  return { close: (reason) => peer.close(reason ?? new OrgoError('BUS.THREAD_GONE', 'The service thread has stopped')) };
}
