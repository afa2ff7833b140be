import type { Priority, Severity, Visibility } from '@orgo/domain';

/** What a matching rule does (SPEC §5). */
export interface RuleAction {
  type?: string;
  subtype?: string;
  category?: number;
  subcategory?: number;
  priority?: Priority;
  severity?: Severity;
  route_to?: string;
  label?: string;
  escalate_after?: string;
  escalation_path?: string[];
  attach?: string[];
  /** Addresses, role addresses, roles or positions to tell (email rules: extra recipients; time rules: who is told). */
  notify?: string[];
  /** Time rules only: move the task one step up its escalation chain. */
  escalate?: boolean;
  sensitive?: boolean;
  visibility?: Visibility;
  tags?: string[];
  metadata?: Record<string, unknown>;
  broadcast?: number;
  acknowledge?: boolean | string;
  ignore?: boolean;
}

export interface RuleDefaults {
  escalate_after?: string;
  priority_escalation?: Partial<Record<Priority, string>>;
}

export interface CompiledRule {
  name: string;
  file: string;
  on: 'email' | 'time';
  priority: number;
  stop: boolean;
  condition: string;
  action: RuleAction;
  test: (context: Record<string, unknown>) => boolean;
}

export interface CompiledRuleSet {
  organization: string;
  emailRules: CompiledRule[];
  timeRules: CompiledRule[];
  defaults: RuleDefaults;
  /** sha256 of the effective rules and defaults: the cache key of this rule set. */
  hash: string;
}

/** A compiled rule set as plain data (conditions as text): what the shared cache stores. */
export interface RuleSetModel extends Omit<CompiledRuleSet, 'emailRules' | 'timeRules'> {
  emailRules: Omit<CompiledRule, 'test'>[];
  timeRules: Omit<CompiledRule, 'test'>[];
}

export interface EmailFacts {
  subject: string;
  body: string;
  sender: string;
  sender_domain: string;
  mailbox: string;
  recipients: string[];
  keywords: string[];
  attachments: string[];
  has_attachments: boolean;
  organization: string;
  organization_type: string;
  /** Sent by a machine (Auto-Submitted, X-Autoreply, an auto-reply subject, a report): never answer it. */
  auto_submitted: boolean;
  /** Mass mail (Precedence bulk/junk/list, List-Id, List-Unsubscribe): never answer it. */
  bulk: boolean;
  /** A delivery failure report: never answer it. */
  bounce: boolean;
  /** Orgo's own mail come back (its X-Orgo-Origin stamp): never answer it. */
  from_orgo: boolean;
}

export interface RuleTraceEntry {
  rule: string;
  file: string;
  matched: boolean;
  reason: string;
}

export interface RuleDecision {
  outcome: 'task' | 'ignore';
  matched: string[];
  action: RuleAction;
  trace: RuleTraceEntry[];
  defaults: RuleDefaults;
}
