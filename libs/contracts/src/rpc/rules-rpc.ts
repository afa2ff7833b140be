import type { RoutingActionV1 } from '../task/task-create';

/** api-gateway → rule-engine: a dry run of an organization's rules on one raw message (SPEC §5, §7 `POST /rules/test`). */
export interface RulesTestQueryV1 {
  organization: string;
  /** The raw RFC 822 message, base64. */
  rawBase64: string;
  /** The role address it arrives on; null: the role address it was delivered or written to, else the triage address. */
  mailbox: string | null;
  /** Organizations the caller may see; null for all. Another organization answers as unknown. */
  scope: string[] | null;
}

/** api-gateway → rule-engine: an organization's effective rule list (`GET /rules?org=`). */
export interface RulesListQueryV1 {
  organization: string;
  scope: string[] | null;
}

/** One rule as a dry run shows it. */
export interface DryRunRuleV1 {
  rule: string;
  file: string;
  on: 'email' | 'time';
  condition: string;
  /** Null for a time rule: it is evaluated on open tasks by the escalation-scheduler, never on an incoming email. */
  matched: boolean | null;
  reason: string;
}

/** The task a routed email would become (nothing is created). */
export interface DryRunTaskV1 {
  type: string;
  subtype: string | null;
  priority: string;
  severity: string | null;
  category: number;
  subcategory: number;
  position: string;
  position_title: string | null;
  holders: string[];
  label: string;
  /** How the position was found: route_to, label, mailbox_role, triage, top, or crisis (top of the chain). */
  via: string;
  /** A rule target that did not resolve (the task goes by the fallback). */
  problem: string | null;
  /** How long it may wait before it escalates and which setting said so; null when nothing applies. */
  reactivity: { duration: string; ms: number; source: string } | null;
  escalates_at_once: boolean;
  escalation_chain: string[];
  visibility: string;
  sensitive: boolean;
  tags: string[];
}

/** What `orgo rules test` prints with --json and `POST /api/v1/rules/test` answers. */
export interface RuleDryRunV1 {
  organization: string;
  rule_set_hash: string;
  email: {
    message_id: string | null;
    from: string;
    to: string[];
    cc: string[];
    subject: string;
    mailbox: string;
    flags: { auto_submitted: boolean; bulk: boolean; bounce: boolean; from_orgo: boolean };
    keywords: string[];
    attachments: string[];
  };
  /** Every rule of the effective list in order: email rules with the trace, then time rules. */
  rules: DryRunRuleV1[];
  matched: string[];
  /**
   * `ignore`: a matching rule says so. `reply`: the email answers a task (its key in the subject or a
   * thread reference); the task-service adds it to that task and creates `task` only when none is found.
   */
  outcome: 'task' | 'ignore' | 'reply';
  reply: { references: string[]; subject_key: string | null } | null;
  /** The merged action of the matched rules. */
  action: RoutingActionV1 & { ignore?: boolean };
  task: DryRunTaskV1 | null;
}

/** One rule of an organization's effective list, with the file and layer it comes from. */
export interface RuleViewV1 {
  name: string;
  file: string;
  layer: 'global' | 'domain' | 'organization';
  on: 'email' | 'time';
  priority: number;
  stop: boolean;
  condition: string;
  action: RoutingActionV1 & { ignore?: boolean };
}

export interface RuleListV1 {
  organization: string;
  rule_set_hash: string;
  defaults: { escalate_after?: string; priority_escalation?: Record<string, string> };
  /** Email rules in evaluation order, then time rules. */
  rules: RuleViewV1[];
}
