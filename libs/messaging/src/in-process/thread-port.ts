import { OrgoError, ValidationError, type ValidationIssue } from '@orgo/domain';

/** What a `PortPeer` talks through: a worker_threads `MessagePort`, `parentPort` or a `Worker`. */
export interface PortLike {
  postMessage(value: unknown): void;
  on(event: 'message' | 'close', listener: (value: unknown) => void): unknown;
  off(event: 'message' | 'close', listener: (value: unknown) => void): unknown;
}

/** An error as it crosses a port: enough to rebuild an OrgoError (code, message, details, so `retryable` too). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** An OrgoError's code, or a driver error's own `code` (`SQLITE_BUSY`). */
  code?: string;
  details?: Record<string, unknown>;
  /** Whether it was an OrgoError (rebuilt as one). */
  orgo: boolean;
}

type Frame =
  | { t: 'call'; id: number; op: string; body: unknown }
  | { t: 'ok'; id: number; body: unknown }
  | { t: 'err'; id: number; error: WireError }
  | { t: 'note'; op: string; body: unknown };

type Handler = (body: unknown) => unknown;

/**
 * Requests and one-way notes between two threads over one port, in the order they were posted
 * (a port is FIFO: what a thread posts before it answers a request arrives before the answer).
 * A handler's error crosses as a `WireError` and is rebuilt on the other side, an OrgoError with
 * the same code, message and details. Once closed (the other thread is gone), every request
 * waiting for an answer and every new one rejects with the reason.
 */
export class PortPeer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  private closed?: Error;
  private readonly listener = (value: unknown) => this.receive(value as Frame);
  private readonly onPortClose = () => this.close(new OrgoError('BUS.THREAD_GONE', 'The other thread closed its port; it has stopped'));

  constructor(private readonly port: PortLike) {
    port.on('message', this.listener);
    port.on('close', this.onPortClose);
  }

  /** Answers the other side's requests (and notes) named `op`. */
  handle(op: string, handler: Handler): void {
    this.handlers.set(op, handler);
  }

  /** Sends a request now (synchronously posted) and resolves with the other side's answer. */
  call<T>(op: string, body?: unknown): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (!this.post({ t: 'call', id, op, body })) this.pending.delete(id);
    });
  }

  /** Sends a one-way note (no answer). */
  notify(op: string, body?: unknown): void {
    if (!this.closed) this.post({ t: 'note', op, body });
  }

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** Stops listening; what waits for an answer rejects with `reason`. Idempotent. */
  close(reason: Error): void {
    if (this.closed) return;
    this.closed = reason;
    this.port.off('message', this.listener);
    this.port.off('close', this.onPortClose);
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
  }

  /** Posts a frame; a value that cannot be cloned fails its own request (or is answered as an error). */
  private post(frame: Frame): boolean {
    try {
      this.port.postMessage(frame);
      return true;
    } catch (caught) {
      const error = new OrgoError('BUS.NOT_CLONEABLE', `A value could not cross to the other thread (${(caught as Error).message})`, { retryable: false });
      if (frame.t === 'call') this.pending.get(frame.id)?.reject(error);
      else if (frame.t === 'ok') this.post({ t: 'err', id: frame.id, error: errorToWire(error) });
      return false;
    }
  }

  private receive(frame: Frame): void {
    if (frame.t === 'ok' || frame.t === 'err') {
      const waiting = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.t === 'ok') waiting?.resolve(frame.body);
      else waiting?.reject(errorFromWire(frame.error));
      return;
    }
    const handler = this.handlers.get(frame.op);
    if (frame.t === 'note') {
      handler?.(frame.body);
      return;
    }
    const id = frame.id;
    if (!handler) {
      this.post({ t: 'err', id, error: errorToWire(new OrgoError('BUS.THREAD_NO_HANDLER', `The other thread does not answer '${frame.op}'`)) });
      return;
    }
    new Promise((resolve) => resolve(handler(frame.body))).then(
      (body) => {
        if (!this.closed) this.post({ t: 'ok', id, body });
      },
      (error: unknown) => {
        if (!this.closed) this.post({ t: 'err', id, error: errorToWire(error) });
      },
    );
  }
}

/** An error (or any thrown value) as it crosses a port. */
export function errorToWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), orgo: false };
  const code = (error as { code?: unknown }).code;
  const details = error instanceof OrgoError ? cloneable(error.details) : undefined;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof code === 'string' ? { code } : {}),
    ...(details ? { details } : {}),
    orgo: error instanceof OrgoError,
  };
}

/** The error again: an OrgoError (a ValidationError keeps its issues) with the same code, message and details; else an Error. */
export function errorFromWire(wire: WireError): Error {
  let error: Error;
  if (wire.orgo) {
    const issues = wire.details?.issues;
    error =
      wire.name === 'ValidationError' && Array.isArray(issues)
        ? Object.assign(new ValidationError(wire.code ?? 'VALIDATION.INVALID', issues as ValidationIssue[]), { message: wire.message })
        : new OrgoError(wire.code ?? 'ERROR', wire.message, wire.details);
  } else {
    error = new Error(wire.message);
    if (wire.code) Object.assign(error, { code: wire.code });
  }
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  return error;
}

/** Details as they can cross: cloned as they are, else through JSON, else dropped. */
function cloneable(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  try {
    return structuredClone(details);
  } catch {
    try {
      return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
    } catch {
      return typeof details.retryable === 'boolean' ? { retryable: details.retryable } : undefined;
    }
  }
}
