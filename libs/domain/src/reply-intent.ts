import { parseDuration } from './duration';

/** What a person's reply to a task notification asks for (SPEC §6 "Replies"). */
export type ReplyAction = 'accept' | 'complete' | 'escalate' | 'comment';

export interface ReplyIntent {
  action: ReplyAction;
  /** `ETA: 30 minutes` → the duration in milliseconds; `ETA: 14:30` or an ISO time → the text. */
  eta: { text: string; ms: number | null } | null;
  /** The reply's own words (quoted history and signature already stripped), trimmed. */
  text: string;
}

const ACCEPT = /^(?:accept(?:ed)?|on it|i'?m on it|taking it|i'?ll take it|ack(?:nowledged)?)\b/i;
const COMPLETE = /^(?:done|resolved|fixed|completed?|closed?)\b/i;
const ESCALATE = /^escalate\b/i;
const ETA = /^eta\s*[:=-]?\s*(.+)$/i;

/**
 * Reads the command words of a stripped reply. Each non-empty line is looked at, first to last; the
 * first line that is a command decides the action, and an `ETA:` line anywhere sets the ETA.
 * Anything else is a comment. `done` must open its line: "not done yet" is a comment.
 */
export function readReplyIntent(stripped: string): ReplyIntent {
  const text = stripped.replace(/\r\n/g, '\n').trim();
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .map((l) => l.trim().replace(/^[*_\s]+|[*_\s]+$/g, ''))
    .filter(Boolean);
  let action: ReplyAction | null = null;
  let eta: ReplyIntent['eta'] = null;
  for (const line of lines) {
    const etaMatch = ETA.exec(line);
    if (etaMatch && !eta) {
      const value = etaMatch[1].trim().replace(/[.!]+$/, '');
      eta = { text: value, ms: etaDuration(value) };
      continue;
    }
    if (action) continue;
    if (ESCALATE.test(line)) action = 'escalate';
    else if (COMPLETE.test(line)) action = 'complete';
    else if (ACCEPT.test(line)) action = 'accept';
  }
  return { action: action ?? (eta ? 'accept' : 'comment'), eta, text };
}

/** An ETA's duration (`30 minutes`, `in 2 hours`, `about 1h`) in milliseconds, or null when it is not one. */
export function etaDuration(value: string): number | null {
  try {
    return parseDuration(value.replace(/^(?:in|about|approx\.?|~)\s+/i, ''));
  } catch {
    return null;
  }
}

const ORGO_REFERENCE = /<orgo\.([0-9a-f-]{36})\.[^@>]+@[^>]+>/i;

/** The task id in one of Orgo's own notification Message-IDs (`<orgo.<task id>.<id>@…>`). */
export function taskIdFromReference(reference: string): string | null {
  return ORGO_REFERENCE.exec(reference)?.[1]?.toLowerCase() ?? null;
}

/**
 * The task key in a subject (`Re: [NS-12 · 1001.81.Ops.Maintenance] Water leak` → `NS-12`) for one
 * of the given key prefixes. A key inside brackets wins over one in the text.
 */
export function taskKeyInSubject(subject: string, prefixes: readonly string[]): string | null {
  if (prefixes.length === 0) return null;
  const alternatives = prefixes.map((p) => p.replace(/[^A-Z0-9]/gi, '')).filter(Boolean).join('|');
  if (!alternatives) return null;
  const bracketed = new RegExp(`\\[\\s*((?:${alternatives})-\\d{1,9})\\b`, 'i').exec(subject);
  const bare = bracketed ?? new RegExp(`(?:^|[^A-Za-z0-9-])((?:${alternatives})-\\d{1,9})(?![0-9A-Za-z])`, 'i').exec(subject);
  return bare ? bare[1].toUpperCase() : null;
}
