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

/**
 * What a directory derives from its organization model, as plain data: who each position reports
 * to, each position's escalation chain, and which role owns each address. The shared cache stores
 * it, so a replica skips resolving the hierarchy again.
 */
export interface DirectoryLookups {
  model: OrganizationModel;
  reportsTo: [string, string | null][];
  chains: Record<string, string[]>;
  /** Lower-cased role address → role id. */
  roleAddresses: Record<string, string>;
}

/** Lookups over one organization: positions, holders, roles by address, chains, route targets. */
export class OrganizationDirectory {
  readonly reportsTo: Map<string, string | null>;
  private readonly positions: Map<string, PositionModel>;
  private readonly roles: Map<string, RoleModel>;
  private readonly rolesByAddress = new Map<string, RoleModel>();
  private readonly people: Map<string, PersonModel>;
  private readonly chains: Map<string, string[]>;

  /** Resolves the hierarchy from the model, or takes it from `lookups` computed earlier. */
  constructor(
    readonly model: OrganizationModel,
    lookups?: Omit<DirectoryLookups, 'model'>,
  ) {
    this.positions = new Map(model.positions.map((p) => [p.id, p]));
    this.roles = new Map(model.roles.map((r) => [r.id, r]));
    if (lookups) {
      for (const [address, roleId] of Object.entries(lookups.roleAddresses)) {
        const role = this.roles.get(roleId);
        if (role) this.rolesByAddress.set(address, role);
      }
    } else {
      for (const role of model.roles) for (const address of role.addresses) this.rolesByAddress.set(address.toLowerCase(), role);
    }
    this.people = new Map(model.people.map((p) => [p.email.toLowerCase(), p]));
    this.reportsTo = lookups ? new Map(lookups.reportsTo) : resolveReportsTo(model.positions, model.file);
    this.chains = lookups
      ? new Map(Object.entries(lookups.chains))
      : new Map(model.positions.map((p) => [p.id, escalationChain(p.id, this.reportsTo)]));
  }

  /** A directory from lookups computed by another process (the shared cache). */
  static fromLookups(lookups: DirectoryLookups): OrganizationDirectory {
    return new OrganizationDirectory(lookups.model, lookups);
  }

  /** What this directory derived from its model, as plain data. */
  lookups(): DirectoryLookups {
    return {
      model: this.model,
      reportsTo: [...this.reportsTo.entries()],
      chains: Object.fromEntries(this.chains),
      roleAddresses: Object.fromEntries([...this.rolesByAddress].map(([address, role]) => [address, role.id])),
    };
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
    return [...(this.chains.get(positionId) ?? escalationChain(positionId, this.reportsTo))];
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
