import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule } from '@orgo/runtime';

import { NotifierSchema1732406400006 } from './migrations/1732406400006-notifier-schema';
import { NotificationEntity } from './notifications/notification.entity';
import { NotificationService } from './notifications/notification.service';
import { NotificationsConsumer } from './notifications/notifications.consumer';

/** notifier: templates, delivery and its tracking. */
@Module({})
export class NotifierModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        ServiceRuntimeModule.register(context, {
          entities: [NotificationEntity],
          migrations: [NotifierSchema1732406400006],
        }),
      ],
      providers: [NotificationService, NotificationsConsumer],
    };
  }
}
