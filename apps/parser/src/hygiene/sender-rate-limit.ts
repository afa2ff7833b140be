/**
 * Counts what the parser already decided about one sender's mail to one organization, over a time
 * window. A sender is named by an opaque key (the parser's blind index of the address).
 */
export interface SenderRateStore {
  /** Messages from `sender` to `organization` that were parsed, received from `since` to `until` (ISO times, inclusive). */
  countAccepted(organization: string, sender: string, since: string, until: string): Promise<number>;
  /** Messages from them held back as rate-limited in the same window. */
  countLimited(organization: string, sender: string, since: string, until: string): Promise<number>;
}

export interface RateLimit {
  /** Messages allowed per window; 0 turns the limit off. */
  messages: number;
  windowMs: number;
}

export interface RateDecision {
  limited: boolean;
  /** The first message held back in this burst: the one to say so in the log (once per burst). */
  firstOfBurst: boolean;
  /** Messages from the sender already parsed in the window. */
  accepted: number;
}

/**
 * The per-sender rate limit of SPEC §6 (it stops mail loops and floods): a sender whose mail to an
 * organization was parsed `messages` times in the window before this message's reception is held
 * back. Held-back mail does not count against the sender, so mail flows again once the window has
 * moved past the burst. Times are the gateway's reception times, so a redelivered or replayed message
 * gets the same answer; counts come from the parser's own tables, so every replica agrees.
 */
export async function checkSenderRate(
  store: SenderRateStore,
  message: { organization: string; sender: string; receivedAt: string },
  limit: RateLimit,
): Promise<RateDecision> {
  if (limit.messages <= 0) return { limited: false, firstOfBurst: false, accepted: 0 };
  const until = new Date(message.receivedAt);
  const since = new Date(until.getTime() - limit.windowMs).toISOString();
  const accepted = await store.countAccepted(message.organization, message.sender, since, until.toISOString());
  if (accepted < limit.messages) return { limited: false, firstOfBurst: false, accepted };
  const limitedBefore = await store.countLimited(message.organization, message.sender, since, until.toISOString());
  return { limited: true, firstOfBurst: limitedBefore === 0, accepted };
}
