import type { OrganizationDirectory } from './directory';
import { BROADCAST_LEVELS, isBroadcastLevel, tierIndex } from './label';
import type { OrganizationModel, PositionModel } from './organization';

/** One person a broadcast reaches, through one position of the addressed tier. */
export interface BroadcastRecipient {
  position: string;
  person: string;
}

/** The levels a broadcast level addresses: 10 → 1–9, 100 → 11–99, 1000 → 101–999, 10000 → 1001–9999. */
export function broadcastTierRange(level: number): { min: number; max: number } {
  if (!isBroadcastLevel(level)) throw new RangeError(`${level} is not a broadcast level (10, 100, 1000, 10000)`);
  return { min: level / 10 + (level === 10 ? 0 : 1), max: level - 1 };
}

/** Whether a position of `level` belongs to the tier a broadcast `level` addresses. */
export function inBroadcastTier(broadcast: number, level: number): boolean {
  const { min, max } = broadcastTierRange(broadcast);
  return level >= min && level <= max;
}

/** A position's role lies on the line of `role`: the role itself, a sub-role, or a role containing it. */
function onRoleLine(position: PositionModel, role: string): boolean {
  if (!position.role) return false;
  return position.role === role || position.role.startsWith(`${role}.`) || role.startsWith(`${position.role}.`);
}

/**
 * Everyone a broadcast reaches (SPEC §3 broadcast levels): every holder of every position in the
 * addressed tier of the organization, or, when the broadcast names a role, of the positions of that
 * tier on the role's line (the role, its sub-roles, the roles containing it). One entry per
 * position and holder, in level then id order.
 */
export function broadcastRecipients(model: OrganizationModel, level: number, role: string | null = null): BroadcastRecipient[] {
  return model.positions
    .filter((p) => inBroadcastTier(level, p.level) && (role === null || onRoleLine(p, role)))
    .sort((a, b) => a.level - b.level || a.id.localeCompare(b.id))
    .flatMap((p) => p.holders.map((person) => ({ position: p.id, person })));
}

/**
 * The broadcast addresses (`100`, `100.Ops`, …) whose tasks reach a position: its tier's broadcast
 * level alone, and with every role of the organization on the position's role line.
 */
export function broadcastAddressesReaching(model: OrganizationModel, position: PositionModel): string[] {
  const level = BROADCAST_LEVELS[tierIndex(position.level) - 1];
  const roles = new Set([...model.roles.map((r) => r.id), ...model.positions.flatMap((p) => (p.role ? [p.role] : []))]);
  return [String(level), ...[...roles].filter((role) => onRoleLine(position, role)).map((role) => `${level}.${role}`)];
}

/** The role a broadcast's `route_to` narrows it to: a role id, or the role owning a role address; null otherwise. */
export function broadcastRole(routeTo: string | undefined, directory: OrganizationDirectory): string | null {
  if (!routeTo) return null;
  const value = routeTo.trim();
  if (value.includes('@')) return directory.roleByAddress(value)?.id ?? null;
  return directory.role(value)?.id ?? null;
}
