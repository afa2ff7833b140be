import { OrgoError, splitRouteTarget } from '@orgo/domain';

import type { DirectoryRegistry } from '../../../directory/directory.registry';

/**
 * Refuses a `route_to` a person gave that names no position, role or role address of the
 * organization (`TASK.UNKNOWN_POSITION`, 409), before anything is written: a manual task's, a split's.
 */
export function refuseUnknownRoute(directories: DirectoryRegistry, organization: string, routeTo: string): void {
  const entry = directories.get(organization);
  const named = splitRouteTarget(routeTo.trim());
  const target = named.organization === null || named.organization === organization ? entry.directory.resolveRouteTarget(named.target) : null;
  if (!target) {
    throw new OrgoError('TASK.UNKNOWN_POSITION', `Organization '${organization}' has no position, role or role address '${routeTo}'`, {
      route_to: routeTo,
      hint: `GET /api/v1/organizations/${organization} lists its positions and roles`,
    });
  }
}
