import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type NotificationListQueryV1,
  type NotificationListResultV1,
  type NotificationPreferencesGetV1,
  type NotificationPreferencesSetV1,
  type NotificationPreferencesV1,
  RPC,
  type RpcResult,
} from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { NotificationListService } from './notification-list.service';
import { NotificationPreferencesService } from './notification-preferences.service';

/** Answers the API: the notification list (and its cursor), and a person's preferences. */
@Controller()
export class NotificationsRpcConsumer {
  constructor(
    private readonly notifications: NotificationListService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  @MessagePattern(RPC.notificationList)
  list(@Payload() query: NotificationListQueryV1): Promise<RpcResult<NotificationListResultV1>> {
    return answerRpc(() => this.notifications.list(query));
  }

  @MessagePattern(RPC.notificationPreferencesGet)
  getPreferences(@Payload() query: NotificationPreferencesGetV1): Promise<RpcResult<NotificationPreferencesV1[]>> {
    return answerRpc(() => this.preferences.get(query));
  }

  @MessagePattern(RPC.notificationPreferencesSet)
  setPreferences(@Payload() command: NotificationPreferencesSetV1): Promise<RpcResult<NotificationPreferencesV1[]>> {
    return answerRpc(() => this.preferences.set(command));
  }
}
