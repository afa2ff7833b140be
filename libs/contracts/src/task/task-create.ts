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
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: string;
}
