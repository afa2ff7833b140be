/** rule-engine → audit: a rule decided the message needs no task. Version 1. */
export interface EmailIgnoredV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  /** The rule that matched with `ignore: true`. */
  rule: string;
  subject: string;
}
