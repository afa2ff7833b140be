import type { RuleDryRun } from '@orgo/rules';

const yesNo = (flags: Record<string, boolean>) =>
  Object.entries(flags)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .join(', ') || 'none';

/** `orgo rules test` for a person: the email, every rule with why, the outcome and the task. */
export function formatDryRun(run: RuleDryRun): string {
  const e = run.email;
  const lines = [
    `Email`,
    `  from:      ${e.from}`,
    `  to:        ${e.to.join(', ') || '-'}${e.cc.length ? `  (cc ${e.cc.join(', ')})` : ''}`,
    `  subject:   ${e.subject || '(no subject)'}`,
    `  mailbox:   ${e.mailbox || '-'}`,
    `  flags:     ${yesNo(e.flags)}`,
    `  keywords:  ${e.keywords.join(', ') || '-'}`,
    ...(e.attachments.length ? [`  attachments: ${e.attachments.join(', ')}`] : []),
    ``,
    `Rules of ${run.organization} (${run.rules.length}, rule set ${run.rule_set_hash.slice(0, 12)})`,
    ...run.rules.map((r) => `  ${r.matched === null ? '-' : r.matched ? '✓' : '✗'} ${r.rule}  [${r.on}, ${r.file}]\n      ${r.reason}`),
    ``,
    `Matched: ${run.matched.join(', ') || 'no rule'}`,
    `Outcome: ${run.outcome}${outcomeNote(run)}`,
  ];
  if (run.task) {
    const t = run.task;
    lines.push(
      `Task${run.outcome === 'reply' ? ' (when no task is found for the reply)' : ''}`,
      `  type:        ${t.type}${t.subtype ? ` / ${t.subtype}` : ''}`,
      `  priority:    ${t.priority}${t.severity ? `  (severity ${t.severity}${t.escalates_at_once ? ', escalates at once' : ''})` : ''}`,
      `  position:    ${t.position}${t.position_title ? ` (${t.position_title})` : ''} via ${t.via}${t.holders.length ? `; holders ${t.holders.join(', ')}` : ''}`,
      `  label:       ${t.label}`,
      `  reactivity:  ${t.reactivity ? `${t.reactivity.duration} (from ${t.reactivity.source})` : 'none'}`,
      `  escalation:  ${t.escalation_chain.join(' → ')}`,
      `  visibility:  ${t.visibility}${t.sensitive ? ', sensitive' : ''}`,
      ...(t.tags.length ? [`  tags:        ${t.tags.join(', ')}`] : []),
      ...(t.problem ? [`  problem:     ${t.problem}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

function outcomeNote(run: RuleDryRun): string {
  if (run.outcome === 'ignore') return ` (rule ${run.matched[run.matched.length - 1]}: no task is created)`;
  if (run.outcome === 'reply' && run.reply) {
    const by = [run.reply.subject_key ? `task key ${run.reply.subject_key}` : null, run.reply.references.length ? `${run.reply.references.length} thread reference(s)` : null].filter(Boolean).join(' and ');
    return ` (it answers a task: ${by}; the task-service adds it to that task)`;
  }
  return '';
}
