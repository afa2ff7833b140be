import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type HeldPosition, positionsHeldBy } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';

/** The positions the caller holds, one entry per organization and position. */
export interface PositionsAnswer {
  items: HeldPosition[];
}

/**
 * The positions the caller holds in the organizations of their scope (SPEC §3 "People hold
 * positions"), by the organization files' holders — what `GET /tasks?mine=true` lists the tasks of.
 */
@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me/positions')
export class PositionsController {
  constructor(@Inject(SERVICE_CONTEXT) private readonly context: ServiceContext) {}

  @Get()
  @ApiOperation({ summary: 'The positions I hold', description: 'In each organization I may see, the positions whose holders include my email, most senior first.' })
  @ApiOkResponse({ description: '`{ items: [{ organization, position, role, level }] }` (role null for a bare level such as `1`)' })
  list(@CurrentUser() user: AuthUser): PositionsAnswer {
    const organizations = this.context.config.organizations.filter((o) => user.scope === null || user.scope.includes(o.slug));
    return { items: organizations.flatMap((o) => positionsHeldBy(o, user.email)) };
  }
}
