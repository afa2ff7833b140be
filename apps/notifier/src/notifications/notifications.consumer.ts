import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { QUEUE_BINDINGS, QUEUES, type TaskEventV1 } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { NotificationService } from './notification.service';

/**
 * Consumes the task events that tell people something (the notifier queue's bindings: created,
 * assigned, escalated, escalation_ended, escalation_warning, breach_warning, time_rule_fired,
 * status_changed) and queues their notifications.
 */
@Controller()
export class NotificationsConsumer {
  constructor(private readonly notifications: NotificationService) {}

  @EventPattern(QUEUE_BINDINGS[QUEUES.notifier])
  taskEvent(@Ctx() context: BusContext<TaskEventV1>): Promise<EventOutcome> {
    return this.notifications.handleTaskEvent(context.envelope, context.manager);
  }
}
