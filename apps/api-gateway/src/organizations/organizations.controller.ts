import { Controller, Get, Inject, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type OrganizationViewV1, RPC } from '@orgo/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';

/** Organizations, answered by the task-service (it owns the directory). */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The organizations the caller may see',
    description: 'Slug and name of each configured organization in the caller’s scope (administrators: all).',
  })
  @ApiOkResponse({ description: '`{ items: [{ slug, name, type }], total }`' })
  list(@CurrentUser() user: AuthUser): {
    items: { slug: string; name: string; type: string }[];
    total: number;
  } {
    const items = this.context.config.organizations
      .filter((o) => user.scope === null || user.scope.includes(o.slug))
      .map((o) => ({ slug: o.slug, name: o.name, type: o.type }));
    return { items, total: items.length };
  }

  @Get(':slug')
  @ApiOperation({
    summary: 'The effective organization',
    description:
      'Name, type, time zone, profile; each of the ten profile parameters with its effective value and its source ' +
      '(`profile: <name>`, `profiles/<file>.yaml`, `organization override` or `default`); roles; positions with ' +
      'holders, reports_to (explicit or derived) and escalation chain.',
  })
  @ApiParam({ name: 'slug', example: 'northside' })
  @ApiOkResponse({ description: 'The effective organization' })
  @ApiNotFoundResponse({ description: 'No such organization, or not one the caller may see' })
  get(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<OrganizationViewV1> {
    return this.rpc.call(RPC.organizationGet, { slug, scope: user.scope });
  }
}
