import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ServiceContext } from '@orgo/runtime';

import { ApiThrottlerGuard, throttlers } from '../common/rate-limits/api-throttler.guard';
import { RATE_LIMIT_STORAGE, RateLimitStorageCloser, rateLimitStorage } from '../common/rate-limits/rate-limit-storage';
import { UserAdministration } from '../users/user-administration.service';
import { UsersController } from '../users/users.controller';
import { UsersService } from '../users/users.service';
import { AuthController } from './auth.controller';
import { JWT_SECRET } from './auth.constants';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { resolveJwtSecret } from './jwt-secret';
import { JwtStrategy } from './jwt.strategy';
import { SignInLockoutService } from './lockout/sign-in-lockout.service';
import { MfaController } from './mfa/mfa.controller';
import { MfaService } from './mfa/mfa.service';
import { SecurityEvents } from './security-events';
import { SECURITY_SETTINGS, securitySettings } from './security-settings';
import { SignInSessionsService } from './sessions/sign-in-sessions.service';
import { SignedInUserLookup } from './signed-in-user-lookup';
import { TokenIssuer } from './token-issuer';

/**
 * Sign-in and who may call what: tokens, sessions, MFA, lockout, rate limits, users. The token check
 * runs before the rate limits (guards run in the order given), so the per-user limit knows the user.
 */
@Module({})
export class AuthModule {
  static register(context: ServiceContext): DynamicModule {
    const secret = resolveJwtSecret(context);
    const settings = securitySettings(context.config.services['api-gateway']);
    const storage = rateLimitStorage(context);
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({ secret, signOptions: { algorithm: 'HS256' } }),
        PassportModule,
        ThrottlerModule.forRoot({ throttlers: throttlers(settings), storage, setHeaders: false }),
      ],
      controllers: [AuthController, MfaController, UsersController],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
        { provide: JWT_SECRET, useValue: secret },
        { provide: RATE_LIMIT_STORAGE, useValue: storage },
        { provide: SECURITY_SETTINGS, useValue: settings },
        AuthService,
        JwtStrategy,
        MfaService,
        RateLimitStorageCloser,
        SecurityEvents,
        SignInLockoutService,
        SignInSessionsService,
        SignedInUserLookup,
        TokenIssuer,
        UserAdministration,
        UsersService,
      ],
      exports: [JWT_SECRET, UsersService],
    };
  }
}
