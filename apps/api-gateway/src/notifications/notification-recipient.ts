import { BadRequestException, ForbiddenException } from '@nestjs/common';

import type { AuthUser } from '../auth/auth-user';

/**
 * Whose notifications a list shows: the caller's own; an administrator may name anyone
 * (`recipient=`) or everyone (`all=true`, answered as null) of their organizations.
 */
export function notificationRecipient(user: AuthUser, query: { recipient?: string; all?: boolean }): string | null {
  const own = user.email.toLowerCase();
  const named = query.recipient?.trim().toLowerCase();
  if (query.all && named !== undefined) throw new BadRequestException('Give recipient=<email> or all=true, not both');
  if (user.role !== 'admin') {
    if (query.all || (named !== undefined && named !== own)) {
      throw new ForbiddenException("A member sees only their own notifications: leave out recipient and all (another person's need the administrator role)");
    }
    return own;
  }
  if (query.all) return null;
  return named ?? own;
}
