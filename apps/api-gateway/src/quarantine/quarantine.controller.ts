import { Controller, ForbiddenException, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QUARANTINE_RPC, type QuarantineListResultV1, type QuarantineReplayResultV1, type QuarantineViewerV1 } from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { ListQuarantineQuery } from './dto/list-quarantine.query';

/** Who asks, as the parser decides what they may see. */
const viewerOf = (user: AuthUser): QuarantineViewerV1 => ({ email: user.email, admin: user.role === 'admin' });

/**
 * Mail the parser could not turn into a parsed email, kept with its reason (SPEC §6, §7): listed
 * from the parser over the bus, and replayed once the cause is fixed (a config change, a parser fix).
 * A member sees only mail to the mailboxes of positions they hold; a sensitive reporter is shown by
 * pseudonym (the parser decides both).
 */
@ApiTags('quarantine')
@ApiBearerAuth()
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOkResponse({
    description: 'Quarantined mail the caller may see (administrators: their organizations; members: the mailboxes of positions they hold), newest first, with the total',
  })
  list(@Query() query: ListQuarantineQuery, @CurrentUser() user: AuthUser): Promise<QuarantineListResultV1> {
    return this.rpc.call(QUARANTINE_RPC.list, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0, scope: user.scope, viewer: viewerOf(user) });
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOkResponse({ description: "Parsed again with the current configuration: outcome 'parsed' (passed on to the rules, once) or 'quarantined' with the reason it still has" })
  @ApiNotFoundResponse({ description: 'No quarantined email with this id (or not visible to the caller)' })
  @ApiConflictResponse({ description: 'Already replayed (it is never passed on twice), or quarantined before raw messages were kept' })
  @ApiForbiddenResponse({ description: 'Replaying needs the administrator role' })
  replay(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<QuarantineReplayResultV1> {
    if (user.role !== 'admin') throw new ForbiddenException('Replaying quarantined mail needs the administrator role');
    // Re-parsing may take up to the parser's parse timeout: wait longer than for a plain read.
    return this.rpc.call(QUARANTINE_RPC.replay, { id, actor: user.email, scope: user.scope, viewer: viewerOf(user) }, 30_000);
  }
}
