import { type BroadcastRecipient, broadcastRecipients, broadcastRole } from './broadcast';
import type { OrganizationDirectory } from './directory';
import { BROADCAST_LEVELS, flowOf, formatLabel, labelFor, parseLabel, tierIndex } from './label';
import type { OrganizationModel } from './organization';
import { escalationSteps } from './position';
import { DEFAULT_PRIORITY, type Priority, isPriority, isSeverity, severityAtLeast } from './priority';
import { DEFAULT_PARAMETERS } from './profiles';
import { type ReactivitySource, resolveReactivity } from './reactivity';
import { type RouteResult, type RouteTarget, routeTask } from './route-task';

/** The parts of a merged rule action that shape a new task. */
export interface TaskPlanAction extends RouteTarget {
  type?: string;
  category?: number;
  subcategory?: number;
  priority?: string;
  severity?: string;
  escalate_after?: string;
  escalation_path?: string[];
  visibility?: string;
  metadata?: Record<string, unknown>;
  /** A broadcast level (10, 100, 1000, 10000): the task addresses a whole tier. */
  broadcast?: number;
}

/** A task addressed to a whole tier rather than one position. */
export interface BroadcastPlan {
  level: number;
  /** The role the rule's `route_to` narrowed the tier to, or null for the whole organization's tier. */
  role: string | null;
  recipients: BroadcastRecipient[];
}

/** The rule files' layered `defaults`. */
export interface TaskPlanDefaults {
  escalate_after?: string;
  priority_escalation?: Partial<Record<string, string>>;
}

/** Where a new task goes and how fast it must move: what the task-service creates, and what a rule dry run shows. */
export interface TaskPlan {
  type: string;
  category: number;
  subcategory: number;
  priority: Priority;
  route: RouteResult;
  /** The escalation steps, the first position first. */
  chain: string[];
  /** The step the task starts at: 0, or the top of the chain for a crisis (category 9). */
  level: number;
  /** The position the task is assigned to. */
  position: string;
  label: string;
  /** How long it may wait before it escalates, and which setting said so. */
  reactivity: { ms: number; source: ReactivitySource } | null;
  crisis: boolean;
  /** The severity reaches the profile's threshold: due at once. */
  severe: boolean;
  visibility: string;
  /** Set when the rule broadcasts: the task is assigned to the tier's address (`100`, `100.Ops`), not one position. */
  broadcast: BroadcastPlan | null;
}

/**
 * Decisions and distributions go down (SPEC §3 flow by subcategory): a decision (3) or distribution
 * (5) that no rule `route_to` or `label` places, arriving on the address of a role whose entry is
 * above the staff tier, goes to the tier just below that entry within the role's line, as a
 * broadcast. None when the rule places the task, for a crisis (category 9 goes up at once), when the
 * mailbox has no role, or when no position of the role sits in the tier below: the task then goes to
 * the role's entry as any other.
 */
export function downwardBroadcast(action: TaskPlanAction, mailbox: string, model: OrganizationModel, directory: OrganizationDirectory): { level: number; role: string } | null {
  if (action.route_to || action.label) return null;
  const { category, subcategory } = categorize(action);
  if (category === 9 || flowOf(subcategory) !== 'down') return null;
  const role = directory.roleByAddress(mailbox);
  const entry = role ? directory.position(role.entry) : undefined;
  if (!role || !entry) return null;
  const tier = tierIndex(entry.level);
  if (tier === 4) return null;
  const level = BROADCAST_LEVELS[tier];
  return broadcastRecipients(model, level, role.id).length ? { level, role: role.id } : null;
}

/** The rule's category and subcategory, else its label's, else 1 and 1. */
function categorize(action: TaskPlanAction): { category: number; subcategory: number } {
  const explicitLabel = action.label ? parseLabel(action.label) : null;
  return { category: action.category ?? explicitLabel?.category ?? 1, subcategory: action.subcategory ?? explicitLabel?.subcategory ?? 1 };
}

/**
 * Plans a new task from the merged rule action (SPEC §3, §5, §6): its position (routeTask), its
 * escalation chain (the rule's `escalation_path`, else the position's chain at the profile's
 * granularity), its label, priority and reactivity; a crisis (category 9) starts at the top of its
 * chain, a severity at or above the profile's threshold is due at once.
 */
export function planTask(action: TaskPlanAction, mailbox: string, defaults: TaskPlanDefaults, model: OrganizationModel, directory: OrganizationDirectory): TaskPlan {
  if (action.broadcast !== undefined) return planBroadcast(action, action.broadcast, model, directory, 'broadcast');
  const down = downwardBroadcast(action, mailbox, model, directory);
  if (down) return planBroadcast({ ...action, route_to: down.role }, down.level, model, directory, 'flow_down');
  const route = routeTask(action, mailbox, model, directory);
  const { category, subcategory } = categorize(action);
  const priority: Priority = isPriority(action.priority) ? action.priority : DEFAULT_PRIORITY;
  const chain = action.escalation_path?.length
    ? [route.position, ...action.escalation_path.map((p) => directory.resolveRouteTarget(p)?.position ?? p)]
    : escalationSteps(directory.chainOf(route.position), model.parameters.escalation_granularity);
  const reactivity =
    resolveReactivity(
      {
        ruleEscalateAfter: action.escalate_after ?? null,
        metadataReactivity: (action.metadata?.reactivity_time as string | undefined) ?? null,
        organizationTable: model.parameterSources.reactivity === 'default' ? undefined : model.parameters.reactivity,
        globalTable: defaults.priority_escalation as Partial<Record<Priority, string>> | undefined,
        globalDefault: defaults.escalate_after ?? null,
      },
      priority,
    ) ?? resolveReactivity({ organizationTable: DEFAULT_PARAMETERS.reactivity }, priority);
  const crisis = category === 9;
  const severe = !crisis && severityAtLeast(isSeverity(action.severity) ? action.severity : null, model.parameters.severity_threshold);
  const level = crisis ? chain.length - 1 : 0;
  const position = chain[level] ?? route.position;
  const held = directory.position(position);
  return {
    type: action.type ?? 'general',
    category,
    subcategory,
    priority,
    route,
    chain,
    level,
    position,
    label: labelFor({ level: held?.level ?? 1, role: held?.role ?? null }, category, subcategory),
    reactivity,
    crisis,
    severe,
    visibility: action.visibility ?? model.parameters.transparency,
    broadcast: null,
  };
}

/**
 * A broadcast task (SPEC §3 broadcast levels): assigned to the tier's address (`<level>` or
 * `<level>.<Role>` when `route_to` names a role), labelled `<level>.<category><subcategory>[.<Role>]`,
 * reaching every holder of the tier; it has no chain to walk, so it never escalates by time.
 */
function planBroadcast(action: TaskPlanAction, level: number, model: OrganizationModel, directory: OrganizationDirectory, via: 'broadcast' | 'flow_down'): TaskPlan {
  const role = broadcastRole(action.route_to, directory);
  const { category, subcategory } = categorize(action);
  const address = role ? `${level}.${role}` : String(level);
  const problem = action.route_to && !role ? `route_to '${action.route_to}' names no role of ${model.slug}; the broadcast reaches the whole tier` : null;
  return {
    type: action.type ?? 'general',
    category,
    subcategory,
    priority: isPriority(action.priority) ? action.priority : DEFAULT_PRIORITY,
    route: { position: address, via, problem },
    chain: [address],
    level: 0,
    position: address,
    label: formatLabel({ level, category, subcategory, role }),
    reactivity: null,
    // A crisis broadcast already reaches the whole tier it names at once: there is no chain to climb.
    crisis: false,
    severe: false,
    visibility: action.visibility ?? model.parameters.transparency,
    broadcast: { level, role, recipients: broadcastRecipients(model, level, role) },
  };
}
