import { type ExecutionContext, HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { OrgoError } from '@orgo/domain';

import type { AuthUser } from './auth-user';
import { IS_PUBLIC } from './public.decorator';
import { ACCEPTS_QUERY_TOKEN, allowQueryToken } from './query-token';
import { ALLOWS_ENROLMENT_TOKEN } from './sign-in-route.decorators';

/**
 * Every route needs a valid access token unless it is marked @Public(); in the header, or as
 * `?access_token=` where marked @AcceptsQueryToken(). An enrolment token opens only the routes
 * marked @AllowsEnrolmentToken().
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (this.reflector.getAllAndOverride<boolean>(ACCEPTS_QUERY_TOKEN, [context.getHandler(), context.getClass()])) {
      allowQueryToken(context.switchToHttp().getRequest());
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T, _info: unknown, context: ExecutionContext): T {
    if (err instanceof HttpException || err instanceof OrgoError) throw err;
    if (err || !user) throw new UnauthorizedException('A valid access token is required: POST /api/v1/auth/login, then send Authorization: Bearer <token>');
    if ((user as unknown as AuthUser).enrolmentOnly && !this.reflector.getAllAndOverride<boolean>(ALLOWS_ENROLMENT_TOKEN, [context.getHandler(), context.getClass()])) {
      throw new OrgoError('AUTH.MFA_ENROLMENT_REQUIRED', 'An enrolment token only enrols MFA: POST /api/v1/auth/mfa/enroll, then POST /api/v1/auth/mfa/confirm {"otp"} for your tokens');
    }
    return user;
  }
}
