import { BadRequestException, Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type NotificationPreferencesGetV1, type NotificationPreferencesSetV1, type NotificationPreferencesV1, RPC } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { GetPreferencesQuery } from './dto/get-preferences.query';
import { UpdatePreferencesDto } from './dto/update-preferences.dto';

/** The caller's effective preferences, one entry per organization they are in. */
export interface PreferencesAnswer {
  items: NotificationPreferencesV1[];
}

/** A member may name only one of their organizations; an administrator any. */
function ensureInScope(user: AuthUser, organization: string | undefined): void {
  if (organization !== undefined && user.scope !== null && !user.scope.includes(organization)) {
    throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${organization}' you may see; check the slug (the folder under organizations/)`, { slug: organization });
  }
}

/**
 * The caller's own notification preferences (SPEC §6): channels, quiet hours, digest. The
 * organization file's `people[].notify` gives the defaults; what the person sets overrides them.
 * Kept and applied by the notifier, read and written over the bus.
 */
@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me/preferences')
export class PreferencesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'My notification preferences', description: 'The effective preferences in each of my organizations, with the fields I set myself (`overridden`); the rest come from the organization file.' })
  @ApiOkResponse({ description: '`{ items: [{ email, organization, channels, quiet_hours, digest, overridden }] }`' })
  @ApiNotFoundResponse({ description: 'An organization I am not in' })
  async get(@Query() query: GetPreferencesQuery, @CurrentUser() user: AuthUser): Promise<PreferencesAnswer> {
    ensureInScope(user, query.organization);
    const request: NotificationPreferencesGetV1 = { email: user.email, scope: query.organization ? [query.organization] : user.scope };
    return { items: await this.rpc.call<NotificationPreferencesV1[]>(RPC.notificationPreferencesGet, request) };
  }

  @Put()
  @ApiOperation({
    summary: 'Change my notification preferences',
    description:
      'Sets the given fields (channels, quiet_hours, digest) in every organization I am in, or in `organization` only; fields left out keep their value, ' +
      'quiet_hours null turns quiet hours off. Answers with the effective preferences, as GET does.',
  })
  @ApiOkResponse({ description: 'The effective preferences after the change' })
  @ApiBadRequestResponse({ description: 'Nothing to change, or a field of the wrong form (the message names it and the form expected)' })
  @ApiNotFoundResponse({ description: 'An organization I am not in' })
  async set(@Body() body: UpdatePreferencesDto, @CurrentUser() user: AuthUser): Promise<PreferencesAnswer> {
    if (body.channels === undefined && body.quiet_hours === undefined && body.digest === undefined) {
      throw new BadRequestException('Give at least one of channels, quiet_hours (null for none) and digest to change, e.g. { "channels": ["email", "in_app"] }');
    }
    ensureInScope(user, body.organization);
    const request: NotificationPreferencesSetV1 = {
      email: user.email,
      scope: user.scope,
      ...(body.organization !== undefined ? { organization: body.organization } : {}),
      ...(body.channels !== undefined ? { channels: body.channels } : {}),
      ...(body.quiet_hours !== undefined ? { quiet_hours: body.quiet_hours } : {}),
      ...(body.digest !== undefined ? { digest: body.digest } : {}),
    };
    return { items: await this.rpc.call<NotificationPreferencesV1[]>(RPC.notificationPreferencesSet, request) };
  }
}
