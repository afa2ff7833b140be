/**
 * api-gateway → audit-log: a report from the web intake form (or a reporter's follow-up) was
 * accepted by the email-gateway as `emailId`. It names nobody: no contact, no address of the
 * reporter's computer, no subject or text — an anonymous report is recorded only as anonymous.
 * Version 1.
 */
export interface WebFormSubmittedV1 {
  emailId: string;
  /** The role address the report was addressed to. */
  mailbox: string;
  messageId: string;
  organization: string;
  role: string;
  /** `report`: a new report; `follow_up`: information added with the follow-up code. */
  kind: 'report' | 'follow_up';
  anonymous: boolean;
  attachments: number;
  submittedAt: string;
}
