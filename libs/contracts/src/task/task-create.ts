/** rule-engine → task-service: create a task for a routed email. Version 1. */
export interface RoutingActionV1 {
  type?: string;
  subtype?: string;
  category?: number;
  subcategory?: number;
  priority?: string;
  severity?: string;
  route_to?: string;
  label?: string;
  escalate_after?: string;
  escalation_path?: string[];
  attach?: string[];
  notify?: string[];
  sensitive?: boolean;
  visibility?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  broadcast?: number;
  acknowledge?: boolean | string;
}

export interface TaskCreateCommandV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  title: string;
  description: string;
  reporter: string;
  /** The rules that matched, first to last; empty when none did. */
  matchedRules: string[];
  action: RoutingActionV1;
  /** The rule files' layered `defaults` (global reactivity fallbacks). */
  defaults: { escalate_after?: string; priority_escalation?: Record<string, string> };
  /** The mail's allowed attachments; `sha256` and the sniffed `type` since 1.2 (older commands: listed without a download). */
  attachments: { filename: string; contentType: string; size: number; sha256?: string; type?: string }[];
  receivedAt: string;
  /**
   * The rule's `acknowledge` (SPEC §5): send the sender a receipt with the task key using this
   * template purpose, or why not (the mail was an auto-reply, bulk, a bounce or Orgo's own: never
   * answered, never in a loop). Absent or null when no rule asked for one.
   */
  acknowledgement?: { send: true; template: string } | { send: false; reason: string } | null;
}
