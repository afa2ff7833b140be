import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { JWT_SECRET } from './auth/auth.constants';
import { AuthService } from './auth/auth.service';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { resolveJwtSecret } from './auth/jwt-secret';
import { JwtStrategy } from './auth/jwt.strategy';
import { OrgoExceptionFilter } from './common/orgo-exception.filter';
import { DlqController } from './dlq/dlq.controller';
import { RpcClient } from './common/rpc-client';
import { HealthController } from './health/health.controller';
import { PreferencesController } from './me/preferences.controller';
import { MetricsController } from './metrics/metrics.controller';
import { NotificationStreamController } from './notifications/notification-stream.controller';
import { DEFAULT_NOTIFICATION_STREAM_TIMING, NOTIFICATION_STREAM_TIMING, NotificationStreamService } from './notifications/notification-stream.service';
import { NotificationsController } from './notifications/notifications.controller';
import { ApiGatewaySchema1732406400008 } from './migrations/1732406400008-api-gateway-schema';
import { OrganizationsController } from './organizations/organizations.controller';
import { QuarantineController } from './quarantine/quarantine.controller';
import { RulesController } from './rules/rules.controller';
import { IdentityRevealController } from './tasks/identity-reveal.controller';
import { TasksController } from './tasks/tasks.controller';
import { UserEntity } from './users/user.entity';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** The tables this service owns and the migrations that create them. */
export const API_GATEWAY_STORAGE: ServiceStorage = {
  entities: [UserEntity],
  migrations: [ApiGatewaySchema1732406400008],
};

/** api-gateway: REST API v1, JWT auth, OpenAPI; talks to the services over the bus. */
@Module({})
export class ApiGatewayModule {
  static register(context: ServiceContext): DynamicModule {
    const secret = resolveJwtSecret(context);
    return {
      module: ApiGatewayModule,
      imports: [
        ServiceRuntimeModule.register(context, API_GATEWAY_STORAGE),
        PassportModule,
        JwtModule.register({ secret, signOptions: { algorithm: 'HS256' } }),
      ],
      controllers: [
        AuditController,
        AuthController,
        DlqController,
        HealthController,
        IdentityRevealController,
        MetricsController,
        NotificationStreamController,
        NotificationsController,
        OrganizationsController,
        PreferencesController,
        QuarantineController,
        RulesController,
        TasksController,
        UsersController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: OrgoExceptionFilter },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: JWT_SECRET, useValue: secret },
        { provide: NOTIFICATION_STREAM_TIMING, useValue: DEFAULT_NOTIFICATION_STREAM_TIMING },
        AuthService,
        JwtStrategy,
        NotificationStreamService,
        RpcClient,
        UsersService,
      ],
    };
  }
}
