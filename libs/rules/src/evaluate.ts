import type { CompiledRuleSet, EmailFacts, RuleAction, RuleDecision, RuleTraceEntry } from './rule-types';

/** A later matching rule's fields override earlier ones; tags are unioned and metadata merged. */
function merge(into: RuleAction, action: RuleAction): RuleAction {
  return {
    ...into,
    ...action,
    ...(into.tags || action.tags ? { tags: [...new Set([...(into.tags ?? []), ...(action.tags ?? [])])] } : {}),
    ...(into.metadata || action.metadata ? { metadata: { ...into.metadata, ...action.metadata } } : {}),
  };
}

/**
 * Walks the email rules in order: the first match wins unless it says `stop: false`, in which case
 * its action applies and evaluation goes on. A matched `ignore: true` makes the outcome `ignore`.
 * Never throws: a condition that cannot be evaluated on odd facts does not match.
 */
export function evaluateEmail(set: CompiledRuleSet, facts: EmailFacts): RuleDecision {
  const context = { ...facts };
  const trace: RuleTraceEntry[] = [];
  const matched: string[] = [];
  let action: RuleAction = {};
  let stopped = false;
  for (const rule of set.emailRules) {
    if (stopped) {
      trace.push({ rule: rule.name, file: rule.file, matched: false, reason: 'not considered: an earlier rule matched' });
      continue;
    }
    const hit = rule.test(context);
    trace.push({ rule: rule.name, file: rule.file, matched: hit, reason: hit ? `matched: ${rule.condition}` : `condition false: ${rule.condition}` });
    if (!hit) continue;
    matched.push(rule.name);
    action = merge(action, rule.action);
    if (rule.stop) stopped = true;
  }
  return { outcome: action.ignore ? 'ignore' : 'task', matched, action, trace, defaults: set.defaults };
}

/** What a time rule's condition reads: the email fields (empty: there is no email), `task.*` and `task_unresolved_time`. */
export type TimeRuleFacts = EmailFacts & { task: Record<string, unknown>; task_unresolved_time: number };

/**
 * The facts of a task for its organization's time rules: `task` is the task's snapshot (`task.type`,
 * `task.priority`, `task.status`, `task.escalation.level`…), `task_unresolved_time` the milliseconds
 * since it was created, `organization` and `organization_type` its organization's; the email fields
 * are empty.
 */
export function timeRuleFacts(task: Record<string, unknown> & { created_at: string; organization: string }, organizationType: string, now: Date): TimeRuleFacts {
  return {
    subject: '',
    body: '',
    sender: '',
    sender_domain: '',
    mailbox: '',
    recipients: [],
    keywords: [],
    attachments: [],
    has_attachments: false,
    organization: task.organization,
    organization_type: organizationType,
    auto_submitted: false,
    bulk: false,
    bounce: false,
    from_orgo: false,
    task,
    task_unresolved_time: Math.max(0, now.getTime() - Date.parse(task.created_at)),
  };
}

/** The time rules whose condition holds for a task now (evaluated by the escalation-scheduler), in rule order. */
export function evaluateTimeRules(set: CompiledRuleSet, facts: TimeRuleFacts): { rule: string; condition: string; action: RuleAction }[] {
  return set.timeRules.filter((rule) => rule.test({ ...facts })).map((rule) => ({ rule: rule.name, condition: rule.condition, action: rule.action }));
}
