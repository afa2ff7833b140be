/** API calls that ride out the moments when a service they need is down (retried every 500 ms, about a minute). */
export async function patiently<T>(work: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i > 120) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
