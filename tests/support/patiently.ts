/**
 * API calls that ride out the moments when a service they need is down (retried every 500 ms, about
 * a minute), and that slow down when the API says so (a 429 answer is retried after its Retry-After,
 * as a well-behaved client does).
 */
export async function patiently<T>(work: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      const result = await work();
      const wait = retryAfterMs(result);
      if (wait === null || i > 120) return result;
      await new Promise((r) => setTimeout(r, wait));
    } catch (error) {
      if (i > 120) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The wait a rate-limited answer asks for, or null for any other result. */
function retryAfterMs(result: unknown): number | null {
  const answer = result as { status?: unknown; headers?: { get?: (name: string) => string | null } } | null;
  if (answer?.status !== 429) return null;
  const seconds = Number(answer.headers?.get?.('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 1000;
}
