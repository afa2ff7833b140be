/** What a service adds to its readiness: whether it runs degraded, and why (per part). */
export interface ServiceHealthDetail {
  /** The service runs but part of it does not work (a mailbox that cannot log in). */
  degraded: boolean;
  details: Record<string, unknown>;
}

const checks = new Map<string, () => ServiceHealthDetail>();
const listeners = new Set<(service: string) => void>();

/**
 * Readiness details that services of this process report beyond "booted" (for /health/ready): one
 * registry per process, like the metrics registry, so the standalone shape's API shows every
 * service's details and each distributed process shows its own.
 */
export const serviceHealth = {
  register(service: string, check: () => ServiceHealthDetail): void {
    checks.set(service, check);
  },
  unregister(service: string): void {
    checks.delete(service);
  },
  /**
   * Says that a service's details just changed (rules reloaded or refused), so that a reader that
   * copies them elsewhere (a standalone service thread to the main thread's API) does so now rather
   * than at its next poll: /health/ready then never shows older rules than routing uses.
   */
  changed(service: string): void {
    for (const listener of listeners) listener(service);
  },
  /** Calls `listener` on every `changed`; returns how to stop. */
  onChange(listener: (service: string) => void): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /** The service's details, or undefined when it reports none. */
  report(service: string): ServiceHealthDetail | undefined {
    return checks.get(service)?.();
  },
};
