import type { OrganizationDirectory } from './directory';
import { parseLabel } from './label';
import type { OrganizationModel } from './organization';
import { splitRouteTarget } from './route-target';

/** The parts of a rule action that say where a task goes. */
export interface RouteTarget {
  route_to?: string;
  label?: string;
}

export interface RouteResult {
  position: string;
  /** How the position was found: the rule's route_to, its label, the mailbox's role, triage. */
  via: 'route_to' | 'label' | 'mailbox_role' | 'triage' | 'top' | 'broadcast' | 'flow_down';
  /** A rule target that did not resolve, reported on the timeline. */
  problem: string | null;
}

/**
 * Where a new task goes (SPEC §3, §5): the rule's `route_to` (role address, role or position), else
 * the position its `label` names, else the role owning the mailbox it arrived on (its entry
 * position), else the organization's triage position, else the head of the organization.
 */
export function routeTask(
  action: RouteTarget,
  mailbox: string,
  model: OrganizationModel,
  directory: OrganizationDirectory,
): RouteResult {
  let problem: string | null = null;
  if (action.route_to) {
    const named = splitRouteTarget(action.route_to);
    if (named.organization !== null && named.organization !== model.slug) {
      // The task-service creates such a task in the named organization; a plan over this one can only say so.
      problem = `route_to '${action.route_to}' sends the task to organization ${named.organization} (created there at '${named.target}'); this plan covers ${model.slug} only`;
    } else {
      const target = directory.resolveRouteTarget(named.target);
      if (target) return { position: target.position, via: 'route_to', problem };
      problem = `route_to '${action.route_to}' names no role address, role or position of ${model.slug}`;
    }
  }
  if (action.label) {
    const label = parseLabel(action.label);
    const id = label.role ? `${label.level}.${label.role}` : String(label.level);
    if (directory.position(id)) return { position: id, via: 'label', problem };
    problem = problem ?? `label '${action.label}' names no position of ${model.slug}`;
  }
  const role = directory.roleByAddress(mailbox);
  if (role) return { position: role.entry, via: 'mailbox_role', problem };
  if (model.triage) return { position: model.triage, via: 'triage', problem };
  const top = [...model.positions].sort((a, b) => a.level - b.level)[0];
  return { position: top.id, via: 'top', problem };
}
