/** Polls `probe` until `done` accepts its value (for specs that watch an asynchronous intake). */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what} not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
