import type { DryRunRuleV1, DryRunTaskV1, EmailParsedV1, RuleDryRunV1, RuleListV1, RuleViewV1 } from '@orgo/contracts';
import { type OrganizationDirectory, type OrganizationModel, formatDuration, planTask, taskKeyPrefix } from '@orgo/domain';

import { emailFacts } from './email-facts';
import { evaluateEmail } from './evaluate';
import { detectReply } from './reply-detector';
import type { CompiledRule, CompiledRuleSet, RuleAction } from './rule-types';

/** What `orgo rules test` and `POST /api/v1/rules/test` answer (the wire shape of @orgo/contracts). */
export type RuleDryRun = RuleDryRunV1;

/**
 * Routes a parsed email through an organization's compiled rules without creating anything: the
 * same facts, evaluation, reply detection and task planning as the running system.
 */
export function dryRunEmail(set: CompiledRuleSet, email: EmailParsedV1, model: OrganizationModel, directory: OrganizationDirectory): RuleDryRun {
  const facts = emailFacts(email, model);
  const decision = evaluateEmail(set, facts);
  const conditions = new Map(set.emailRules.map((r) => [r.name, r.condition]));
  const rules: DryRunRuleV1[] = [
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

function taskOf(action: RuleAction, mailbox: string, set: CompiledRuleSet, model: OrganizationModel, directory: OrganizationDirectory): DryRunTaskV1 {
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

/** The layer a rule file belongs to, from where it lives in the configuration folder (SPEC §5). */
export function ruleLayerOf(file: string): RuleViewV1['layer'] {
  if (file.startsWith('organizations/')) return 'organization';
  if (file.startsWith('domains/')) return 'domain';
  return 'global';
}

/** An organization's effective rules as `GET /api/v1/rules` shows them: email rules in evaluation order, then time rules. */
export function ruleList(set: CompiledRuleSet): RuleListV1 {
  const view = (r: CompiledRule): RuleViewV1 => ({ name: r.name, file: r.file, layer: ruleLayerOf(r.file), on: r.on, priority: r.priority, stop: r.stop, condition: r.condition, action: r.action });
  return { organization: set.organization, rule_set_hash: set.hash, defaults: set.defaults, rules: [...set.emailRules.map(view), ...set.timeRules.map(view)] };
}
