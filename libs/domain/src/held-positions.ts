import type { OrganizationModel } from './organization';

/** A position a person holds (SPEC §3 "People hold positions"). */
export interface HeldPosition {
  organization: string;
  position: string;
  /** The position's role, or null for a bare level (`1`, `2`). */
  role: string | null;
  level: number;
}

/** The positions of an organization whose holders include the person (addresses compared case-insensitively), most senior first. */
export function positionsHeldBy(model: OrganizationModel, email: string): HeldPosition[] {
  const who = email.trim().toLowerCase();
  return model.positions
    .filter((p) => p.holders.some((h) => h.toLowerCase() === who))
    .sort((a, b) => a.level - b.level || a.id.localeCompare(b.id))
    .map((p) => ({ organization: model.slug, position: p.id, role: p.role, level: p.level }));
}
