import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { DeliveryWorker } from './delivery/delivery-worker.service';
import { DigestAssembler } from './delivery/digest-assembler';
import { NotificationOutcomes } from './delivery/notification-outcomes';
import { NotifierSchema1732406400006 } from './migrations/1732406400006-notifier-schema';
import { NotificationDeliveries1732924800000 } from './migrations/1732924800000-notification-deliveries';
import { ReviewReportMails1765411200000 } from './migrations/1765411200000-review-report-mails';
import { notifierSettingsProvider } from './notifier-settings.provider';
import { templateRendererProvider } from './template-renderer.provider';
import { NotificationEntity } from './notifications/notification.entity';
import { NotificationService } from './notifications/notification.service';
import { ReviewReportService } from './notifications/review-report.service';
import { NotificationsConsumer } from './notifications/notifications.consumer';
import { NotificationPreferenceEntity } from './preferences/notification-preference.entity';
import { NotificationListService } from './rpc/notification-list.service';
import { NotificationPreferencesService } from './rpc/notification-preferences.service';
import { NotificationsRpcConsumer } from './rpc/notifications-rpc.consumer';
import { ChannelSender } from './transports/channel-sender';

/** The tables this service owns and the migrations that create them. */
export const NOTIFIER_STORAGE: ServiceStorage = {
  entities: [NotificationEntity, NotificationPreferenceEntity],
  migrations: [NotifierSchema1732406400006, NotificationDeliveries1732924800000, ReviewReportMails1765411200000],
};

/** notifier: who is told what, delivery with retries, and its tracking. */
@Module({})
export class NotifierModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: NotifierModule,
      imports: [ServiceRuntimeModule.register(context, NOTIFIER_STORAGE)],
      controllers: [NotificationsConsumer, NotificationsRpcConsumer],
      providers: [notifierSettingsProvider, templateRendererProvider, NotificationOutcomes, ChannelSender, DigestAssembler, DeliveryWorker, NotificationService, ReviewReportService, NotificationListService, NotificationPreferencesService],
    };
  }
}
