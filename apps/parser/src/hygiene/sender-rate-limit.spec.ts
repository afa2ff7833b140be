import { type SenderRateStore, checkSenderRate } from './sender-rate-limit';

/** The parser's tables in miniature: what was parsed and what was held back, with reception times. */
class MemoryStore implements SenderRateStore {
  readonly rows: { organization: string; sender: string; receivedAt: string; outcome: 'parsed' | 'limited' }[] = [];

  private count(outcome: 'parsed' | 'limited', organization: string, sender: string, since: string, until: string): Promise<number> {
    return Promise.resolve(
      this.rows.filter((r) => r.outcome === outcome && r.organization === organization && r.sender === sender && r.receivedAt >= since && r.receivedAt <= until).length,
    );
  }

  countAccepted(organization: string, sender: string, since: string, until: string): Promise<number> {
    return this.count('parsed', organization, sender, since, until);
  }

  countLimited(organization: string, sender: string, since: string, until: string): Promise<number> {
    return this.count('limited', organization, sender, since, until);
  }
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, 0) + minute * 60_000).toISOString();
const limit = { messages: 3, windowMs: 10 * 60_000 };

/** Feeds messages through the limiter as the parser does, recording each outcome. */
async function feed(store: MemoryStore, sender: string, minutes: number[], organization = 'northside') {
  const decisions = [];
  for (const minute of minutes) {
    const decision = await checkSenderRate(store, { organization, sender, receivedAt: at(minute) }, limit);
    store.rows.push({ organization, sender, receivedAt: at(minute), outcome: decision.limited ? 'limited' : 'parsed' });
    decisions.push(decision);
  }
  return decisions;
}

describe('checkSenderRate', () => {
  it('lets N messages per window through, holds back the rest, and flags only the first of the burst', async () => {
    const store = new MemoryStore();
    const decisions = await feed(store, 'loop@example.com', [0, 1, 2, 3, 4, 5]);
    expect(decisions.map((d) => d.limited)).toEqual([false, false, false, true, true, true]);
    expect(decisions.map((d) => d.firstOfBurst)).toEqual([false, false, false, true, false, false]);
  });

  it('lets the sender through again once the window has moved past the accepted messages', async () => {
    const store = new MemoryStore();
    await feed(store, 'loop@example.com', [0, 1, 2, 3]);
    const later = await feed(store, 'loop@example.com', [11, 12]);
    expect(later.map((d) => d.limited)).toEqual([false, false]);
  });

  it('says so again for a new burst after a quiet window', async () => {
    const store = new MemoryStore();
    await feed(store, 'loop@example.com', [0, 1, 2, 3]);
    const second = await feed(store, 'loop@example.com', [30, 31, 32, 33]);
    expect(second.map((d) => d.firstOfBurst)).toEqual([false, false, false, true]);
  });

  it('counts each sender and each organization apart', async () => {
    const store = new MemoryStore();
    await feed(store, 'loop@example.com', [0, 1, 2]);
    expect((await feed(store, 'other@example.com', [3]))[0].limited).toBe(false);
    expect((await feed(store, 'loop@example.com', [3], 'riverside'))[0].limited).toBe(false);
    expect((await feed(store, 'loop@example.com', [3]))[0].limited).toBe(true);
  });

  it('gives a redelivered message the same answer (reception time, not the clock)', async () => {
    const store = new MemoryStore();
    await feed(store, 'loop@example.com', [0, 1, 2]);
    const first = await checkSenderRate(store, { organization: 'northside', sender: 'loop@example.com', receivedAt: at(2.5) }, limit);
    const again = await checkSenderRate(store, { organization: 'northside', sender: 'loop@example.com', receivedAt: at(2.5) }, limit);
    expect(again).toEqual(first);
  });

  it('is off with 0 messages', async () => {
    const store = new MemoryStore();
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await checkSenderRate(store, { organization: 'n', sender: 's@x.example', receivedAt: at(i) }, { messages: 0, windowMs: 1000 }));
    expect(decisions.every((d) => !d.limited)).toBe(true);
  });
});
