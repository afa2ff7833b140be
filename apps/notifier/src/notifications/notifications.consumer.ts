import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import {
  NOTIFIER_TASK_EVENT_PATTERNS,
  ROUTING_KEYS,
  type ReviewCompletedV1,
  type TaskEventV1,
} from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { NotificationService } from './notification.service';
import { ReviewReportService } from './review-report.service';

/**
 * Consumes the task events that tell people something (the notifier queue's bindings: created,
 * assigned, escalated, escalation_ended, escalation_warning, breach_warning, time_rule_fired,
 * status_changed) and queues their notifications; and `review.completed`, whose report is mailed.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly notifications: NotificationService,
    private readonly reviews: ReviewReportService,
  ) {}

  @EventPattern([...NOTIFIER_TASK_EVENT_PATTERNS])
  taskEvent(@Ctx() context: BusContext<TaskEventV1>): Promise<EventOutcome> {
    return this.notifications.handleTaskEvent(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.reviewCompleted)
  reviewCompleted(@Ctx() context: BusContext<ReviewCompletedV1>): Promise<EventOutcome> {
    return this.reviews.handleReviewCompleted(context.envelope, context.manager);
  }
}
