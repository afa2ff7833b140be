import { broadcastAddressesReaching } from './broadcast';
import type { OrganizationDirectory } from './directory';
import { VISIBILITIES, type Visibility } from './profiles';

/**
 * For each visibility (SPEC §6 Privacy), the assignee positions whose tasks a person may see, by
 * the positions they hold; `all` for visibility organization.
 * - private: tasks assigned to a position they hold or to one below it (the assignee and its chain);
 * - restricted: also tasks assigned to any position of a role they hold a position of;
 * - department: also tasks assigned to any position of their department (a role's first segment);
 * - organization: every task of the organization.
 * Whatever the visibility, a person also sees the broadcast tasks that reach a position they hold
 * (assigned to its tier's broadcast address, `100` or `100.<Role>`, SPEC §3).
 */
export type VisibleAssignees = Record<Exclude<Visibility, 'organization'>, string[]> & { organization: 'all'; broadcast: string[] };

const department = (role: string | null) => role?.split('.')[0] ?? null;

export function visibleAssignees(directory: OrganizationDirectory, email: string): VisibleAssignees {
  const who = email.trim().toLowerCase();
  const positions = directory.model.positions;
  const held = positions.filter((p) => p.holders.includes(who));
  const heldIds = new Set(held.map((p) => p.id));
  const roles = new Set(held.flatMap((p) => (p.role ? [p.role] : [])));
  const departments = new Set(held.flatMap((p) => (department(p.role) ? [department(p.role) as string] : [])));
  const inChain = positions.filter((p) => directory.chainOf(p.id).some((id) => heldIds.has(id))).map((p) => p.id);
  const reaching = held.flatMap((p) => broadcastAddressesReaching(directory.model, p));
  const union = (extra: (p: (typeof positions)[number]) => boolean) => [...new Set([...inChain, ...positions.filter(extra).map((p) => p.id)])];
  return {
    broadcast: [...new Set(reaching)],
    private: inChain,
    restricted: union((p) => p.role !== null && roles.has(p.role)),
    department: union((p) => department(p.role) !== null && departments.has(department(p.role) as string)),
    organization: 'all',
  };
}

/** Whether a person may see a task of this directory's organization, by its visibility and assignee position. */
export function canSeeTask(task: { visibility: string; assigneePosition: string }, visible: VisibleAssignees): boolean {
  const visibility = (VISIBILITIES as string[]).includes(task.visibility) ? (task.visibility as Visibility) : 'private';
  if (visibility === 'organization' || visible.broadcast.includes(task.assigneePosition)) return true;
  return visible[visibility].includes(task.assigneePosition);
}
