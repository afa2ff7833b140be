import type { OrganizationModel, PositionModel } from './organization';
import type { ProfileParameters } from './profiles';

export type NotificationScope = ProfileParameters['notification_scope'];

/** The role of a position id without a model entry: what follows the level (`1001.Ops.Maintenance` → `Ops.Maintenance`). */
function roleOf(position: string, model: OrganizationModel): string | null {
  const known = model.positions.find((p) => p.id === position);
  if (known) return known.role;
  const dot = position.indexOf('.');
  return dot < 0 ? null : position.slice(dot + 1);
}

/** Level, then id: the order in which the holders of several positions are listed. */
function byLevel(a: PositionModel, b: PositionModel): number {
  return a.level - b.level || a.id.localeCompare(b.id);
}

/**
 * Who is told about a task at `position` (SPEC §6 notification scope, from the profile):
 * - individual: the person who accepted the task, else the holders of the position;
 * - team: every holder of the position;
 * - department: the holders of every position whose role shares the position's first role segment
 *   (`Ops` for `1001.Ops.Maintenance`); for a bare level (`1`, `2`) its holders only;
 * - organization: every holder of every position.
 * Lower-cased, each person once; the position's own holders first, then the others by level and id.
 */
export function audienceFor(scope: NotificationScope, position: string, model: OrganizationModel, acceptedBy: string | null): string[] {
  const own = model.positions.find((p) => p.id === position)?.holders ?? [];
  let people: string[];
  if (scope === 'individual') {
    people = acceptedBy ? [acceptedBy] : own;
  } else if (scope === 'team') {
    people = own;
  } else {
    const department = roleOf(position, model)?.split('.')[0] ?? null;
    const inScope = (p: PositionModel) =>
      scope === 'organization' || (department !== null && p.role !== null && (p.role === department || p.role.startsWith(`${department}.`)));
    people = [...own, ...model.positions.filter(inScope).sort(byLevel).flatMap((p) => p.holders)];
  }
  return [...new Set(people.map((p) => p.trim().toLowerCase()))];
}
