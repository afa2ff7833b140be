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

/** The time rules whose condition holds for a task now (evaluated by the escalation-scheduler). */
export function evaluateTimeRules(
  set: CompiledRuleSet,
  facts: EmailFacts & { task: Record<string, unknown>; task_unresolved_time: number },
): { rule: string; action: RuleAction }[] {
  return set.timeRules.filter((rule) => rule.test({ ...facts })).map((rule) => ({ rule: rule.name, action: rule.action }));
}
