/** What a service adds to its readiness: whether it runs degraded, and why (per part). */
export interface ServiceHealthDetail {
  /** The service runs but part of it does not work (a mailbox that cannot log in). */
  degraded: boolean;
  details: Record<string, unknown>;
}

const checks = new Map<string, () => ServiceHealthDetail>();

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
  /** The service's details, or undefined when it reports none. */
  report(service: string): ServiceHealthDetail | undefined {
    return checks.get(service)?.();
  },
};
