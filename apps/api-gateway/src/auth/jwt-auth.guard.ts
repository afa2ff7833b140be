import { type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { IS_PUBLIC } from './public.decorator';
import { ACCEPTS_QUERY_TOKEN, allowQueryToken } from './query-token';

/** Every route needs a valid access token unless it is marked @Public(); in the header, or as `?access_token=` where marked @AcceptsQueryToken(). */
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

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthorizedException('A valid access token is required: POST /api/v1/auth/login, then send Authorization: Bearer <token>');
    return user;
  }
}
