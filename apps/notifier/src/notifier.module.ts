import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { NotifierSchema1732406400006 } from './migrations/1732406400006-notifier-schema';
import { NotificationEntity } from './notifications/notification.entity';
import { NotificationService } from './notifications/notification.service';
import { NotificationsConsumer } from './notifications/notifications.consumer';

/** The tables this service owns and the migrations that create them. */
export const NOTIFIER_STORAGE: ServiceStorage = {
  entities: [NotificationEntity],
  migrations: [NotifierSchema1732406400006],
};

/** notifier: templates, delivery and its tracking. */
@Module({})
export class NotifierModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: NotifierModule,
      imports: [ServiceRuntimeModule.register(context, NOTIFIER_STORAGE)],
      controllers: [NotificationsConsumer],
      providers: [NotificationService],
    };
  }
}
