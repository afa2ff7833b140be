import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { type TaskEventV1, taskEventPattern } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { NotificationService } from './notification.service';

/** Consumes `task.*.created`, `task.*.escalated`, `task.*.escalation_ended` (queue `orgo.notifier`). */
@Controller()
export class NotificationsConsumer {
  constructor(private readonly notifications: NotificationService) {}

  @EventPattern([taskEventPattern('created'), taskEventPattern('escalated'), taskEventPattern('escalation_ended')])
  taskEvent(@Ctx() context: BusContext<TaskEventV1>): Promise<EventOutcome> {
    return this.notifications.handleTaskEvent(context.envelope, context.manager);
  }
}
