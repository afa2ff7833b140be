/** parser → audit (and quarantine views): a message could not be parsed or validated. Version 1. */
export interface EmailRejectedV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  /** Machine-readable reason, e.g. `EMAIL.UNPARSEABLE`, `EMAIL.TOO_LARGE`, `EMAIL.UNKNOWN_MAILBOX`. */
  reason: string;
  /** What happened and what to do, for a person. */
  message: string;
}
