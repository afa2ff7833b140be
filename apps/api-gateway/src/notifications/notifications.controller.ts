import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type NotificationListQueryV1, type NotificationListResultV1, RPC } from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { notificationRecipient } from './notification-recipient';

/** Notifications and their delivery state (SPEC §6, §7), answered by the notifier over the bus. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'My notifications',
    description:
      "The caller's notifications (every channel), newest first, with their delivery state: status (queued, sent, failed), attempts, " +
      'the next attempt while queued, the last error. An administrator may ask for one person (recipient=) or everyone (all=true) ' +
      'of their organizations, e.g. status=failed for deliveries that failed for good.',
  })
  @ApiOkResponse({ description: '`{ items, total, limit, offset }`' })
  @ApiBadRequestResponse({ description: 'An unknown status or channel, a task_id that is not a UUID, both recipient and all' })
  @ApiForbiddenResponse({ description: "A member asked for another person's notifications (recipient=, all=true)" })
  list(@Query() query: ListNotificationsQuery, @CurrentUser() user: AuthUser): Promise<NotificationListResultV1> {
    const request: NotificationListQueryV1 = {
      recipient: notificationRecipient(user, query),
      scope: user.scope,
      status: query.status,
      channel: query.channel,
      task_id: query.task_id,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    };
    return this.rpc.call(RPC.notificationList, request);
  }
}
