import { Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CONSUMING_SERVICES, type DeadLetterListV1, type DeadLetterV1, dlqListRpc, dlqReplayRpc } from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';

/** Dead letters of every consuming service (administrators): list and replay after a fix. */
@ApiTags('dlq')
@ApiBearerAuth()
@Controller('api/v1/dlq')
export class DlqController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<{ items: DeadLetterV1[]; total: number; unavailable: string[] }> {
    this.requireAdmin(user);
    const answers = await Promise.allSettled(CONSUMING_SERVICES.map((s) => this.rpc.call<DeadLetterListV1>(dlqListRpc(s), {}, 3000)));
    const items = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value.items : []));
    const unavailable = CONSUMING_SERVICES.filter((_, i) => answers[i].status === 'rejected');
    items.sort((a, b) => b.created_at.localeCompare(a.created_at));
    return { items, total: items.length, unavailable };
  }

  @Post(':id/replay')
  @HttpCode(202)
  replay(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeadLetterV1> {
    this.requireAdmin(user);
    const service = CONSUMING_SERVICES.find((s) => id.startsWith(`${s}:`));
    if (!service) throw new NotFoundException(`'${id}' is not a dead-letter id (they look like 'notifier:<uuid>'; see GET /api/v1/dlq)`);
    return this.rpc.call(dlqReplayRpc(service), { id });
  }

  private requireAdmin(user: AuthUser): void {
    if (user.role !== 'admin') throw new ForbiddenException('Dead letters need the administrator role');
  }
}
