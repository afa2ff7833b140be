import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@orgo/contracts';
import { ServiceRuntime } from '@orgo/runtime';

import { NotificationService } from './notification.service';

/** Consumes `task.*.created`, `task.*.escalated`, `task.*.escalation_ended`. */
@Injectable()
export class NotificationsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly notifications: NotificationService,
  ) {}

  onModuleInit(): void {
    this.runtime.subscribe(QUEUES.notifier, (envelope, manager) => this.notifications.handleTaskEvent(envelope, manager), { prefetch: 16 });
  }
}
