import {
  BROADCAST_LEVELS,
  ORGANIZATION_SLUG,
  PRIORITIES,
  SEVERITIES,
  VISIBILITIES,
  type ValidationIssue,
  describeValue,
  parseLabel,
  splitRouteTarget,
  tryParseDuration,
} from '@orgo/domain';
import { ACKNOWLEDGE_EXPECTED, TEMPLATE_NAME } from './acknowledgement';
import { type ConditionLanguage, EMAIL_FIELDS, MAX_CONDITION_LENGTH, TIME_FIELDS, conditionProblems } from './condition';
import type { CompiledRule, RuleAction, RuleDefaults } from './rule-types';

const FILE_KEYS = ['metadata', 'defaults', 'rules'];
const RULE_KEYS = ['name', 'description', 'condition', 'on', 'priority', 'disabled', 'stop', 'action'];
const ACTION_KEYS = [
  'type', 'subtype', 'category', 'subcategory', 'priority', 'severity', 'route_to', 'label', 'escalate_after',
  'escalation_path', 'attach', 'notify', 'sensitive', 'visibility', 'tags', 'metadata', 'broadcast', 'acknowledge', 'ignore',
];
/** What a time rule (`on: time`) may do to a task the scheduler finds matching (SPEC §5). */
export const TIME_ACTION_KEYS = ['notify', 'escalate', 'priority'] as const;
const TOKEN = /^[a-z0-9][a-z0-9_-]*$/;
const DURATION = "a duration such as '30 seconds', '2 hours', '24h', '7 days'";

export interface ParsedRuleFile {
  defaults: RuleDefaults;
  /** Rules in file order; a disabled rule has only its name (it removes an earlier one). */
  rules: (Omit<CompiledRule, 'test'> & { disabled: boolean; test?: CompiledRule['test'] })[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates one rule file and compiles its conditions. Every problem is an issue naming the file,
 * the rule, the key path, what was expected and what was found.
 */
export function parseRuleFile(file: string, data: unknown, jexl: ConditionLanguage, issues: ValidationIssue[]): ParsedRuleFile {
  const out: ParsedRuleFile = { defaults: {}, rules: [] };
  const add = (path: string, expected: string, found: unknown, rule?: string, hint?: string) =>
    issues.push({ file, ...(rule ? { rule } : {}), path, expected, found: describeValue(found), ...(hint ? { hint } : {}) });
  if (!isObject(data)) {
    add('(top level)', 'a mapping with metadata and rules', data);
    return out;
  }
  for (const key of Object.keys(data)) if (!FILE_KEYS.includes(key)) add(key, `one of the keys ${FILE_KEYS.join(', ')}`, key);
  if (!isObject(data.metadata) || typeof data.metadata.version !== 'string') add('metadata.version', 'a version string such as "1.0"', isObject(data.metadata) ? data.metadata.version : data.metadata);

  if (data.defaults !== undefined) {
    if (!isObject(data.defaults)) add('defaults', 'a mapping with escalate_after and/or priority_escalation', data.defaults);
    else {
      for (const key of Object.keys(data.defaults)) if (!['escalate_after', 'priority_escalation'].includes(key)) add(`defaults.${key}`, 'escalate_after or priority_escalation', key);
      if (data.defaults.escalate_after !== undefined) {
        if (tryParseDuration(data.defaults.escalate_after) === undefined) add('defaults.escalate_after', DURATION, data.defaults.escalate_after);
        else out.defaults.escalate_after = String(data.defaults.escalate_after);
      }
      const table = data.defaults.priority_escalation;
      if (table !== undefined) {
        if (!isObject(table)) add('defaults.priority_escalation', `a mapping of ${PRIORITIES.join(', ')} to durations`, table);
        else {
          out.defaults.priority_escalation = {};
          for (const [priority, value] of Object.entries(table)) {
            if (!(PRIORITIES as readonly string[]).includes(priority)) add(`defaults.priority_escalation.${priority}`, `one of ${PRIORITIES.join(', ')}`, priority);
            else if (tryParseDuration(value) === undefined) add(`defaults.priority_escalation.${priority}`, DURATION, value);
            else out.defaults.priority_escalation[priority as (typeof PRIORITIES)[number]] = String(value);
          }
        }
      }
    }
  }

  if (data.rules === undefined) return out;
  if (!Array.isArray(data.rules)) {
    add('rules', 'a list of rules', data.rules);
    return out;
  }
  const names = new Set<string>();
  data.rules.forEach((raw, i) => {
    const path = `rules[${i}]`;
    if (!isObject(raw)) return add(path, 'a rule (a mapping with name, condition and action)', raw);
    const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : undefined;
    if (!name) add(`${path}.name`, 'a rule name (required)', raw.name);
    else if (names.has(name)) add(`${path}.name`, 'a name no other rule of this file has', name, name);
    if (name) names.add(name);
    const before = issues.length;
    for (const key of Object.keys(raw)) if (!RULE_KEYS.includes(key)) add(`${path}.${key}`, `one of the keys ${RULE_KEYS.join(', ')}`, key, name, 'remove it or fix its spelling');
    const disabled = raw.disabled === true;
    if (raw.disabled !== undefined && typeof raw.disabled !== 'boolean') add(`${path}.disabled`, 'true or false', raw.disabled, name);
    if (raw.stop !== undefined && typeof raw.stop !== 'boolean') add(`${path}.stop`, 'true or false', raw.stop, name);
    if (raw.priority !== undefined && !Number.isInteger(raw.priority)) add(`${path}.priority`, 'a whole number (higher runs first; default 0)', raw.priority, name);
    const on = raw.on === undefined ? 'email' : raw.on;
    if (on !== 'email' && on !== 'time') add(`${path}.on`, "'email' or 'time'", raw.on, name);
    if (disabled && raw.condition === undefined && raw.action === undefined) {
      if (name) out.rules.push({ name, file, on: 'email', priority: 0, stop: true, condition: '', action: {}, disabled: true });
      return;
    }
    const test = compileCondition(raw.condition, on === 'time' ? [...EMAIL_FIELDS, ...TIME_FIELDS] : EMAIL_FIELDS, jexl, (expected, found, hint) =>
      add(`${path}.condition`, expected, found, name, hint),
    );
    const action = parseAction(raw.action, `${path}.action`, (p, e, f, h) => add(p, e, f, name, h), on === 'time' ? 'time' : 'email');
    if (issues.length > before || !name || !test) return;
    out.rules.push({
      name,
      file,
      on: on as 'email' | 'time',
      priority: (raw.priority as number | undefined) ?? 0,
      stop: raw.stop === undefined ? true : (raw.stop as boolean),
      condition: String(raw.condition),
      action,
      disabled,
      test,
    });
  });
  return out;
}

/**
 * Compiles one condition: a jexl expression over the allowed fields only (checked on its tree).
 * Reports a problem through `add` and returns undefined when the condition is not acceptable.
 */
export function compileCondition(
  condition: unknown,
  fields: readonly string[],
  jexl: ConditionLanguage,
  add: (expected: string, found: unknown, hint?: string) => void,
): CompiledRule['test'] | undefined {
  if (typeof condition !== 'string' || condition.trim() === '') {
    add("a condition such as \"subject contains 'urgent'\" (required)", condition);
    return undefined;
  }
  if (condition.length > MAX_CONDITION_LENGTH) {
    add(`a condition of at most ${MAX_CONDITION_LENGTH} characters`, `${condition.length} characters`);
    return undefined;
  }
  let expression;
  try {
    expression = jexl.compile(condition);
  } catch (error) {
    add('a valid expression (operators: == != contains matches in < > <= >= and or not, parentheses)', condition, (error as Error).message);
    return undefined;
  }
  const problems = conditionProblems(expression._getAst() as Parameters<typeof conditionProblems>[0], fields);
  if (problems.length) {
    add('a condition over the rule fields only', condition, problems.join('; '));
    return undefined;
  }
  return (context) => {
    try {
      return Boolean(expression.evalSync(context));
    } catch {
      return false;
    }
  };
}

function parseAction(
  raw: unknown,
  path: string,
  add: (path: string, expected: string, found: unknown, hint?: string) => void,
  on: 'email' | 'time',
): RuleAction {
  const action: RuleAction = {};
  if (on === 'time') return parseTimeAction(raw, path, add);
  if (!isObject(raw)) {
    add(path, 'an action (a mapping such as { type: maintenance, route_to: Ops.Maintenance })', raw);
    return action;
  }
  for (const key of Object.keys(raw)) {
    if (key === 'escalate') add(`${path}.escalate`, 'an email-rule action key (escalate is for time rules)', key, 'add `on: time` to make this a time rule, or remove escalate');
    else if (!ACTION_KEYS.includes(key)) add(`${path}.${key}`, `one of the action keys ${ACTION_KEYS.join(', ')}`, key, 'remove it or fix its spelling');
  }
  const v = raw;
  const strings = (key: string, value: unknown): string[] | undefined => {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x.trim())) {
      add(`${path}.${key}`, 'a list of text values', value);
      return undefined;
    }
    return list as string[];
  };
  for (const key of ['type', 'subtype'] as const) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'string' || !TOKEN.test(v[key] as string)) add(`${path}.${key}`, 'a lower-case word (letters, digits, _ or -), e.g. maintenance', v[key]);
    else action[key] = v[key] as string;
  }
  for (const [key, max] of [['category', 9], ['subcategory', 5]] as const) {
    if (v[key] === undefined) continue;
    if (!Number.isInteger(v[key]) || (v[key] as number) < 1 || (v[key] as number) > max) add(`${path}.${key}`, `a whole number from 1 to ${max}`, v[key]);
    else action[key] = v[key] as number;
  }
  if (v.priority !== undefined) {
    if (!(PRIORITIES as readonly unknown[]).includes(v.priority)) add(`${path}.priority`, `one of ${PRIORITIES.join(', ')}`, v.priority);
    else action.priority = v.priority as RuleAction['priority'];
  }
  if (v.severity !== undefined) {
    if (!(SEVERITIES as readonly unknown[]).includes(v.severity)) add(`${path}.severity`, `one of ${SEVERITIES.join(', ')}`, v.severity);
    else action.severity = v.severity as RuleAction['severity'];
  }
  if (v.visibility !== undefined) {
    if (!(VISIBILITIES as unknown[]).includes(v.visibility)) add(`${path}.visibility`, `one of ${VISIBILITIES.join(', ')}`, v.visibility);
    else action.visibility = v.visibility as RuleAction['visibility'];
  }
  if (v.route_to !== undefined) {
    if (typeof v.route_to !== 'string' || !v.route_to.trim()) add(`${path}.route_to`, 'a role address, a role or a position id', v.route_to);
    else {
      const { organization, target } = splitRouteTarget(v.route_to);
      if (organization !== null && (!ORGANIZATION_SLUG.test(organization) || !target)) {
        add(`${path}.route_to`, "'<organization>:<role address, role or position>' such as 'district:11.Ops' (a lower-case organization slug, then a target)", v.route_to);
      } else action.route_to = v.route_to.trim();
    }
  }
  if (v.label !== undefined) {
    try {
      parseLabel(String(v.label));
      action.label = String(v.label);
    } catch (error) {
      add(`${path}.label`, "a label such as '1001.81.Ops.Maintenance'", v.label, (error as Error).message.split('\n').slice(1).join(' ').trim());
    }
  }
  if (v.escalate_after !== undefined) {
    if (tryParseDuration(v.escalate_after) === undefined) add(`${path}.escalate_after`, DURATION, v.escalate_after);
    else action.escalate_after = String(v.escalate_after);
  }
  if (v.escalation_path !== undefined) action.escalation_path = strings('escalation_path', v.escalation_path);
  if (v.attach !== undefined) action.attach = strings('attach', v.attach);
  if (v.notify !== undefined) action.notify = strings('notify', v.notify);
  if (v.tags !== undefined) action.tags = strings('tags', v.tags);
  for (const key of ['sensitive', 'ignore'] as const) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'boolean') add(`${path}.${key}`, 'true or false', v[key]);
    else action[key] = v[key] as boolean;
  }
  if (v.metadata !== undefined) {
    if (!isObject(v.metadata)) add(`${path}.metadata`, 'a mapping of keys to values', v.metadata);
    else action.metadata = v.metadata;
  }
  if (v.broadcast !== undefined) {
    if (!(BROADCAST_LEVELS as readonly unknown[]).includes(v.broadcast)) add(`${path}.broadcast`, `a broadcast level: ${BROADCAST_LEVELS.join(', ')}`, v.broadcast);
    else action.broadcast = v.broadcast as number;
  }
  if (v.acknowledge !== undefined) {
    if (typeof v.acknowledge !== 'boolean' && (typeof v.acknowledge !== 'string' || !TEMPLATE_NAME.test(v.acknowledge))) {
      add(`${path}.acknowledge`, ACKNOWLEDGE_EXPECTED, v.acknowledge, 'true answers with the template acknowledgement; a name, with templates/email/<name>.subject.njk and .text.njk');
    } else action.acknowledge = v.acknowledge as boolean | string;
  }
  for (const key of Object.keys(action) as (keyof RuleAction)[]) if (action[key] === undefined) delete action[key];
  return action;
}

/**
 * A time rule's action: `notify` (addresses, role addresses, roles or positions), `escalate: true`
 * and/or `priority`; at least one of them, nothing else (the task already exists: routing keys such
 * as `type` or `route_to` have no meaning here).
 */
function parseTimeAction(raw: unknown, path: string, add: (path: string, expected: string, found: unknown, hint?: string) => void): RuleAction {
  const action: RuleAction = {};
  const expected = `a time-rule action: ${TIME_ACTION_KEYS.join(', ')} (at least one), e.g. { notify: lead@example.org } or { escalate: true }`;
  if (!isObject(raw)) {
    add(path, expected, raw);
    return action;
  }
  const keys = Object.keys(raw);
  for (const key of keys) {
    if (!(TIME_ACTION_KEYS as readonly string[]).includes(key)) {
      add(`${path}.${key}`, `one of the time-rule action keys ${TIME_ACTION_KEYS.join(', ')}`, key, ACTION_KEYS.includes(key) ? `${key} applies to email rules only; remove it or drop \`on: time\`` : 'remove it or fix its spelling');
    }
  }
  if (!keys.some((key) => (TIME_ACTION_KEYS as readonly string[]).includes(key))) add(path, expected, raw);
  if (raw.notify !== undefined) {
    const list = typeof raw.notify === 'string' ? [raw.notify] : raw.notify;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x.trim())) {
      add(`${path}.notify`, 'an address, role address, role or position, or a list of them', raw.notify);
    } else action.notify = list.map((x: string) => x.trim());
  }
  if (raw.escalate !== undefined) {
    if (raw.escalate !== true && raw.escalate !== false) add(`${path}.escalate`, 'true or false', raw.escalate);
    else if (raw.escalate) action.escalate = true;
  }
  if (raw.priority !== undefined) {
    if (!(PRIORITIES as readonly unknown[]).includes(raw.priority)) add(`${path}.priority`, `one of ${PRIORITIES.join(', ')}`, raw.priority);
    else action.priority = raw.priority as RuleAction['priority'];
  }
  if (raw.escalate === false && action.notify === undefined && action.priority === undefined) add(`${path}.escalate`, 'true, or another action (notify, priority)', false, 'a time rule that does nothing has no use');
  return action;
}
