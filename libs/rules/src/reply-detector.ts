import type { EmailParsedV1 } from '@orgo/contracts';
import { taskKeyInSubject } from '@orgo/domain';
import EmailReplyParser from 'email-reply-parser';

export interface ReplySignals {
  /** In-Reply-To first, then References newest first, without duplicates. */
  references: string[];
  subjectKey: string | null;
  /** The reply's own words: quoted history and signature stripped. */
  text: string;
}

const parser = new EmailReplyParser();

/**
 * Whether an email answers a task (SPEC §6 "Replies"): it references one of Orgo's notifications,
 * or carries the organization's task key in its subject, or is part of a thread (the task-service
 * then looks for a task started by a referenced message). Null when it is none of these.
 */
export function detectReply(email: EmailParsedV1, keyPrefix: string): ReplySignals | null {
  const references = [...new Set([email.inReplyTo, ...[...email.references].reverse()].filter((r): r is string => !!r))];
  const subjectKey = taskKeyInSubject(email.subject, [keyPrefix]);
  if (references.length === 0 && !subjectKey) return null;
  return { references, subjectKey, text: stripQuotedText(email.text) };
}

/**
 * Quoted history and the signature block removed, with a maintained reply parser. Lines quoted with
 * `>` that it keeps (a quote with no "On … wrote:" line before it, or inline answers between
 * quotes) are dropped too: quoted words are never the sender's own, and must never read as a command.
 */
export function stripQuotedText(text: string): string {
  const visible = parser.read(text.replace(/\r\n/g, '\n')).getVisibleText();
  return visible
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
