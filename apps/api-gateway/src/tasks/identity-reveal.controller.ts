import { Body, Controller, ForbiddenException, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IdentityRevealRequestV1, type IdentityRevealResponseV1, RPC, type TaskSnapshotV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import { type AuthUser, PRIVACY_OFFICER } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { RevealIdentityDto } from './dto/reveal-identity.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class IdentityRevealController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/reveal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reveal the reporter of a sensitive task (privacy officers only)',
    description:
      'Answers the address and name behind the pseudonym and the original text of the email, and records a ' +
      '`security.identity.revealed` audit entry with who asked, when and why (never the identity). Everyone ' +
      'else, administrators included, only ever sees the pseudonym.',
  })
  @ApiOkResponse({ description: '{ pseudonym, address, name, original_text, revealed_at }' })
  @ApiForbiddenResponse({ description: 'The caller does not have the privacy_officer permission' })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s organizations' })
  @ApiConflictResponse({ description: 'The task is not sensitive: its reporter is not hidden (PRIVACY.NOT_SENSITIVE)' })
  async reveal(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RevealIdentityDto, @CurrentUser() user: AuthUser): Promise<IdentityRevealResponseV1> {
    if (!user.permissions.includes(PRIVACY_OFFICER)) {
      throw new ForbiddenException('Revealing a sensitive reporter needs the privacy_officer permission; an administrator can grant it');
    }
    // The officer finds the task within their organizations whatever its visibility: the reveal itself is audited.
    const task = await this.rpc.call<TaskSnapshotV1>(RPC.taskGet, { id, scope: user.scope, viewer: null });
    if (!task.sensitive) throw new OrgoError('PRIVACY.NOT_SENSITIVE', `Task ${task.key} is not sensitive: its reporter is shown as they are`);
    const request: IdentityRevealRequestV1 = {
      organization: task.organization,
      pseudonym: task.reporter,
      taskId: task.id,
      taskKey: task.key,
      emailId: task.source.email_id,
      reason: body.reason,
      actor: { id: user.id, email: user.email },
    };
    return this.rpc.call<IdentityRevealResponseV1>(RPC.privacyReveal, request);
  }
}
