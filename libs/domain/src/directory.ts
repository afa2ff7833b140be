import { tierIndex } from './label';
import type { OrganizationModel, PersonModel, PositionModel, RoleModel } from './organization';
import { escalationChain, resolveReportsTo } from './position';

/**
 * The default entry of a role: its position of the lowest tier (the largest level) whose role is
 * exactly the role id.
 */
export function defaultEntry(roleId: string, positions: PositionModel[]): string | undefined {
  return positions.filter((p) => p.role === roleId).sort((a, b) => tierIndex(b.level) - tierIndex(a.level) || b.level - a.level)[0]?.id;
}

/** Lookups over one organization: positions, holders, roles by address, chains, route targets. */
export class OrganizationDirectory {
  readonly reportsTo: Map<string, string | null>;
  private readonly positions: Map<string, PositionModel>;
  private readonly roles: Map<string, RoleModel>;
  private readonly rolesByAddress = new Map<string, RoleModel>();
  private readonly people: Map<string, PersonModel>;

  constructor(readonly model: OrganizationModel) {
    this.positions = new Map(model.positions.map((p) => [p.id, p]));
    this.roles = new Map(model.roles.map((r) => [r.id, r]));
    for (const role of model.roles) for (const address of role.addresses) this.rolesByAddress.set(address.toLowerCase(), role);
    this.people = new Map(model.people.map((p) => [p.email.toLowerCase(), p]));
    this.reportsTo = resolveReportsTo(model.positions, model.file);
  }

  position(id: string): PositionModel | undefined {
    return this.positions.get(id);
  }

  holdersOf(positionId: string): string[] {
    return [...(this.positions.get(positionId)?.holders ?? [])];
  }

  role(id: string): RoleModel | undefined {
    return this.roles.get(id);
  }

  roleByAddress(address: string): RoleModel | undefined {
    return this.rolesByAddress.get(address.trim().toLowerCase());
  }

  entryOf(roleId: string): string | undefined {
    return this.roles.get(roleId)?.entry;
  }

  ownsAddress(address: string): boolean {
    return this.rolesByAddress.has(address.trim().toLowerCase());
  }

  addresses(): string[] {
    return [...this.rolesByAddress.keys()];
  }

  person(email: string): PersonModel | undefined {
    return this.people.get(email.toLowerCase());
  }

  chainOf(positionId: string): string[] {
    return escalationChain(positionId, this.reportsTo);
  }

  /** `route_to` accepts a role address, a role id or a position id (SPEC §3). */
  resolveRouteTarget(target: string): { position: string; via: 'address' | 'role' | 'position' } | null {
    const value = target.trim();
    const byAddress = value.includes('@') ? this.roleByAddress(value) : undefined;
    if (byAddress) return { position: byAddress.entry, via: 'address' };
    const role = this.roles.get(value);
    if (role) return { position: role.entry, via: 'role' };
    if (this.positions.has(value)) return { position: value, via: 'position' };
    return null;
  }
}
