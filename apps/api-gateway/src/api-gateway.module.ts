import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { AuditController } from './audit/audit.controller';
import { AuthModule } from './auth/auth.module';
import { SignInFailureEntity } from './auth/lockout/sign-in-failure.entity';
import { RefreshTokenEntity } from './auth/sessions/refresh-token.entity';
import { SignInSessionEntity } from './auth/sessions/sign-in-session.entity';
import { OrgoExceptionFilter } from './common/orgo-exception.filter';
import { DlqController } from './dlq/dlq.controller';
import { ReviewsController } from './reviews/reviews.controller';
import { EmailAccessService } from './emails/email-access.service';
import { EmailsController } from './emails/emails.controller';
import { RpcClient } from './common/rpc-client';
import { HealthController } from './health/health.controller';
import { IntakeModule } from './intake/intake.module';
import { IntakeReceiptEntity } from './intake/receipts/intake-receipt.entity';
import { PositionsController } from './me/positions.controller';
import { PreferencesController } from './me/preferences.controller';
import { MetricsController } from './metrics/metrics.controller';
import { NotificationStreamController } from './notifications/notification-stream.controller';
import { DEFAULT_NOTIFICATION_STREAM_TIMING, NOTIFICATION_STREAM_TIMING, NotificationStreamService } from './notifications/notification-stream.service';
import { NotificationsController } from './notifications/notifications.controller';
import { ApiGatewaySchema1732406400008 } from './migrations/1732406400008-api-gateway-schema';
import { ApiGatewaySignIn1764720000000 } from './migrations/1764720000000-api-gateway-sign-in';
import { ApiGatewayIntakeReceipts1796256000000 } from './migrations/1796256000000-api-gateway-intake-receipts';
import { OrganizationsController } from './organizations/organizations.controller';
import { QuarantineController } from './quarantine/quarantine.controller';
import { RulesController } from './rules/rules.controller';
import { TaskAttachmentsController } from './tasks/attachments/task-attachments.controller';
import { TaskAttachmentsService } from './tasks/attachments/task-attachments.service';
import { IdentityRevealController } from './tasks/identity-reveal.controller';
import { ManualTaskService } from './tasks/manual-task.service';
import { TasksController } from './tasks/tasks.controller';
import { UserEntity } from './users/user.entity';

/** The tables this service owns and the migrations that create them. */
export const API_GATEWAY_STORAGE: ServiceStorage = {
  entities: [UserEntity, SignInFailureEntity, SignInSessionEntity, RefreshTokenEntity, IntakeReceiptEntity],
  migrations: [ApiGatewaySchema1732406400008, ApiGatewaySignIn1764720000000, ApiGatewayIntakeReceipts1796256000000],
  sealed: [
    { table: 'users', primaryKey: ['id'], columns: ['mfa_secret', 'mfa_pending_secret'] },
    { table: 'intake_receipts', primaryKey: ['code_hash'], columns: ['sender'] },
  ],
};

/** api-gateway: REST API v1, JWT auth, OpenAPI; talks to the services over the bus. */
@Module({})
export class ApiGatewayModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        ServiceRuntimeModule.register(context, API_GATEWAY_STORAGE),
        AuthModule.register(context),
        IntakeModule.register(context),
      ],
      controllers: [
        AuditController,
        DlqController,
        ReviewsController,
        EmailsController,
        HealthController,
        IdentityRevealController,
        MetricsController,
        NotificationStreamController,
        NotificationsController,
        OrganizationsController,
        PositionsController,
        PreferencesController,
        QuarantineController,
        RulesController,
        TaskAttachmentsController,
        TasksController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: OrgoExceptionFilter },
        { provide: NOTIFICATION_STREAM_TIMING, useValue: DEFAULT_NOTIFICATION_STREAM_TIMING },
        EmailAccessService,
        ManualTaskService,
        TaskAttachmentsService,
        NotificationStreamService,
        RpcClient,
      ],
    };
  }
}
