import type { EmailParsedV1 } from '@orgo/contracts';
import { type OrganizationDirectory, type OrganizationModel, type RouteResult, formatDuration, planTask, taskKeyPrefix } from '@orgo/domain';

import { emailFacts } from './email-facts';
import { evaluateEmail } from './evaluate';
import { detectReply } from './reply-detector';
import type { CompiledRuleSet, RuleAction } from './rule-types';

/** One rule of the effective list, as a dry run shows it. */
export interface DryRunRule {
  rule: string;
  file: string;
  on: 'email' | 'time';
  condition: string;
  /** Null for a time rule: it is evaluated by the scheduler on open tasks, never on an incoming email. */
  matched: boolean | null;
  reason: string;
}

/** The task a routed email would become (nothing is created). */
export interface DryRunTask {
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
  via: RouteResult['via'] | 'crisis';
  /** A rule target that did not resolve (the task goes by the fallback). */
  problem: string | null;
  /** How long it may wait before it escalates, and which setting said so; null when nothing applies. */
  reactivity: { duration: string; ms: number; source: string } | null;
  escalates_at_once: boolean;
  escalation_chain: string[];
  visibility: string;
  sensitive: boolean;
  tags: string[];
}

/** What `orgo rules test` and `POST /api/v1/rules/test` answer. */
export interface RuleDryRun {
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
  rules: DryRunRule[];
  matched: string[];
  /**
   * `ignore`: a matching rule says so. `reply`: the email answers a task (task key in the subject or a
   * thread reference); the task-service adds it to that task, and creates `task` only when none is found.
   */
  outcome: 'task' | 'ignore' | 'reply';
  reply: { references: string[]; subject_key: string | null } | null;
  action: RuleAction;
  task: DryRunTask | null;
}

/**
 * Routes a parsed email through an organization's compiled rules without creating anything: the
 * same facts, evaluation, reply detection and task planning as the running system.
 */
export function dryRunEmail(set: CompiledRuleSet, email: EmailParsedV1, model: OrganizationModel, directory: OrganizationDirectory): RuleDryRun {
  const facts = emailFacts(email, model);
  const decision = evaluateEmail(set, facts);
  const conditions = new Map(set.emailRules.map((r) => [r.name, r.condition]));
  const rules: DryRunRule[] = [
    ...decision.trace.map((t) => ({ rule: t.rule, file: t.file, on: 'email' as const, condition: conditions.get(t.rule) ?? '', matched: t.matched, reason: t.reason })),
    ...set.timeRules.map((r) => ({ rule: r.name, file: r.file, on: 'time' as const, condition: r.condition, matched: null, reason: 'not applicable to an incoming email: a time rule is evaluated on open tasks by the escalation-scheduler' })),
  ];
  const signals = decision.outcome === 'ignore' ? null : detectReply(email, taskKeyPrefix(model.slug, model.name));
  const outcome = decision.outcome === 'ignore' ? 'ignore' : signals ? 'reply' : 'task';
  return {
    organization: model.slug,
    rule_set_hash: set.hash,
    email: {
      message_id: email.messageId,
      from: email.from.address,
      to: email.to,
      cc: email.cc,
      subject: email.subject,
      mailbox: email.mailbox,
      flags: { auto_submitted: facts.auto_submitted, bulk: facts.bulk, bounce: facts.bounce, from_orgo: facts.from_orgo },
      keywords: email.keywords,
      attachments: facts.attachments,
    },
    rules,
    matched: decision.matched,
    outcome,
    reply: signals ? { references: signals.references, subject_key: signals.subjectKey } : null,
    action: decision.action,
    task: outcome === 'ignore' ? null : taskOf(decision.action, email.mailbox, set, model, directory),
  };
}

function taskOf(action: RuleAction, mailbox: string, set: CompiledRuleSet, model: OrganizationModel, directory: OrganizationDirectory): DryRunTask {
  const plan = planTask(action, mailbox, set.defaults, model, directory);
  return {
    type: plan.type,
    subtype: action.subtype ?? null,
    priority: plan.priority,
    severity: action.severity ?? null,
    category: plan.category,
    subcategory: plan.subcategory,
    position: plan.position,
    position_title: directory.position(plan.position)?.title ?? null,
    holders: directory.holdersOf(plan.position),
    label: plan.label,
    via: plan.crisis ? 'crisis' : plan.route.via,
    problem: plan.route.problem,
    reactivity: plan.reactivity ? { duration: formatDuration(plan.reactivity.ms), ms: plan.reactivity.ms, source: plan.reactivity.source } : null,
    escalates_at_once: plan.severe,
    escalation_chain: plan.chain,
    visibility: plan.visibility,
    sensitive: action.sensitive ?? false,
    tags: action.tags ?? [],
  };
}
