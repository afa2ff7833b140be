import type { TaskCreateCommandV1 } from './task-create';

/**
 * rule-engine → task-service: an email that answers a task (SPEC §6 "Replies"). The task-service
 * finds the task — an Orgo notification Message-ID in `references`, else a task whose source
 * Message-ID is referenced, else `subjectKey` — and applies the reply. When no task is found the
 * email becomes a new task through `fallback`, the rule-engine's ordinary routing decision, so a
 * reply to an unknown or deleted task is never lost. Version 1.
 */
export interface TaskReplyCommandV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  /** The sender, lower-cased. */
  from: string;
  subject: string;
  /** In-Reply-To first, then References, newest first. */
  references: string[];
  /** The task key found in the subject (`NS-12`), if any. */
  subjectKey: string | null;
  /** The reply's own words: quoted history and signature stripped. */
  text: string;
  /** Auto-replies and bulk mail are recorded on the task but never act on it. */
  automatic: boolean;
  receivedAt: string;
  fallback: TaskCreateCommandV1;
  /**
   * The reply as it reads under the sender's pseudonym, when they have one in the organization
   * (SPEC §6 Privacy): the task-service uses it only when the task it answers is that pseudonym's
   * own sensitive report, and the plain reply otherwise — so a pseudonym is never shown beside its
   * sender on another task. Absent for senders without a pseudonym. (Since version 1, optional.)
   */
  asReporter?: { from: string; subject: string; text: string };
}
